import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SIGNING_KEYS_STREAM, evolveSigningKeys, rotateSigningKey } from '@clause-ledger/domain';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { KeyRotation, rotateLocalIssuerKey } from './local-issuer';
import { TokenVerifier } from './token-verifier';

export class RotateSigningKeyCommand {
  constructor(readonly meta: CommandMeta) {}
}

/**
 * The key files change first, then the rotation is recorded (key ids, never key material): a
 * recorded rotation always happened. A retry with the same Idempotency-Key is answered before any
 * key changes; rotations run one at a time so none files a key twice.
 */
@CommandHandler(RotateSigningKeyCommand)
export class RotateSigningKeyHandler implements ICommandHandler<RotateSigningKeyCommand, CommandResult & Partial<KeyRotation>> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly executor: CommandExecutor,
    private readonly ctx: DecisionContextProvider,
    private readonly tokens: TokenVerifier,
  ) {}

  execute({ meta }: RotateSigningKeyCommand): Promise<CommandResult & Partial<KeyRotation>> {
    if (!this.config.auth.localIssuer) throw new NotFoundException('the embedded issuer is off (AUTH_LOCAL_ISSUER=false): it has no key to rotate');
    const run = this.queue.then(async () => {
      let rotation: KeyRotation | undefined;
      const result = await this.executor.execute(meta, { streamId: SIGNING_KEYS_STREAM, evolve: evolveSigningKeys }, async (keys) => {
        // decided again only when another instance appended meanwhile: the files changed once
        rotation ??= await rotateLocalIssuerKey(this.config.dataDir, this.config.auth.localTokenMaxSeconds, new Date());
        this.tokens.localKeysChanged();
        return rotateSigningKey(rotation, keys, this.ctx.now());
      });
      return { ...result, ...rotation };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
