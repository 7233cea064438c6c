import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { EventStore } from '@clause-ledger/event-store';
import { MarketAudit } from '@clause-ledger/projections';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ProjectionsService } from '../tracking/projections.service';

const INDEX_WAIT_MS = 10_000;

/** The auditor's questions, asked once the market-streams index has caught up with the log (a history never misses a new placement). */
@Injectable()
export class MarketAuditService {
  private readonly audit: MarketAudit;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly projections: ProjectionsService) {
    this.audit = new MarketAudit(store, projections.readModels);
  }

  async ask<T>(marketId: string, question: (audit: MarketAudit) => Promise<T | undefined>): Promise<T> {
    if (!(await this.projections.marketStreams.waitFor(await this.store.headPosition(), INDEX_WAIT_MS))) {
      throw new ServiceUnavailableException(`the market-streams index has not caught up with the log within ${INDEX_WAIT_MS / 1000} s; retry`);
    }
    const answer = await question(this.audit);
    if (answer === undefined) throw new NotFoundException(`market ${marketId} does not exist (or did not yet at that instant)`);
    return answer;
  }
}
