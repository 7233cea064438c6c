import { Inject, Injectable } from '@nestjs/common';
import { DecisionContext } from '@clause-ledger/domain';
import { AppConfig } from '../config/app-config';
import { Clock } from '../infrastructure/clock';
import { APP_CONFIG } from '../infrastructure/tokens';

/** Today and the configured policy, handed to every decider. */
@Injectable()
export class DecisionContextProvider {
  constructor(private readonly clock: Clock, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  now(): DecisionContext {
    return { today: this.clock.today(), policy: this.config.policy };
  }
}
