import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, Position, comparePositions, positionToString } from '@clause-ledger/event-store';
import {
  MarketTrackingDoc, ProjectionRunner, ReadModelStore, RunnerStatus, executionTrackingProjection,
} from '@clause-ledger/projections';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens';

/** Runs the projections next to the API: caught up before the app listens, live afterwards. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  readonly readModels: ReadModelStore;
  readonly tracking: ProjectionRunner<MarketTrackingDoc>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.readModels = ReadModelStore.open(join(config.dataDir, 'read-models.db'));
    this.tracking = new ProjectionRunner(store, this.readModels, executionTrackingProjection, {
      onError: (error) => this.logger.error(`execution tracking stopped: ${String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await this.tracking.start();
    this.logger.log(`execution tracking caught up at ${positionToString(this.tracking.position)} in ${Date.now() - started} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tracking.stop();
    this.readModels.close();
  }

  async status(): Promise<(RunnerStatus & { behind: boolean })[]> {
    const head: Position = await this.store.headPosition();
    const s = this.tracking.status();
    return [{ ...s, behind: comparePositions(s.position, head) < 0 }];
  }
}
