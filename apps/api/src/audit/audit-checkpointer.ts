import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AuditSigningKey, EventStore, LogVerification, SignedCheckpoint, loadAuditSigningKey, readCheckpoints, signCheckpoint, verifyStore,
} from '@clause-ledger/event-store';
import { AppConfig } from '../config/app-config';
import { Clock } from '../infrastructure/clock';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens';

/**
 * Tamper evidence for the API: the organisation's checkpoint key (DATA_DIR/keys, its own), the
 * signing of checkpoints (on demand, and once a day: checked hourly, the first check an hour after
 * the start so that a start never writes to the log), and verification of the whole log.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpointer');
  private key?: Promise<AuditSigningKey>;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(APP_CONFIG) private readonly config: AppConfig, private readonly clock: Clock) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.daily(), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async jwks() {
    return (await this.signingKey()).jwks;
  }

  async sign(): Promise<SignedCheckpoint> {
    return signCheckpoint(this.store, await this.signingKey(), this.clock.today());
  }

  async verify(): Promise<LogVerification> {
    return verifyStore(this.store, await this.jwks());
  }

  private signingKey(): Promise<AuditSigningKey> {
    this.key ??= loadAuditSigningKey(this.config.dataDir);
    return this.key;
  }

  private async daily(): Promise<void> {
    const today = this.clock.today();
    try {
      if ((await readCheckpoints(this.store)).some((c) => c.date === today)) return;
      const checkpoint = await this.sign();
      this.logger.log(`checkpoint of ${today} signed at position ${checkpoint.position}`);
    } catch (error) {
      this.logger.error(`the checkpoint of ${today} was not signed: ${(error as Error).message}`);
    }
  }
}
