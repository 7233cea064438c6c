import { Inject, Injectable } from '@nestjs/common';
import { EventStore, START } from '@clause-ledger/event-store';
import { BeneficiaryPlaced, Placement, evolvePlacement, placementStreamId } from '@clause-ledger/domain';
import { CommandExecutor } from '../command-handling/command-executor';
import { EVENT_STORE } from '../infrastructure/tokens';

const PAGE = 1000;

/**
 * A market's placements, read from the log itself, never from a read model that may lag. A
 * placement names its market in its first event, so the log is scanned for those, then each
 * placement's own stream is folded. Only rare decisions (a badge) need this, hence the scan.
 */
@Injectable()
export class MarketPlacements {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly executor: CommandExecutor) {}

  async of(marketId: string): Promise<Placement[]> {
    const ids = await this.placementIdsOf(marketId);
    const placements = await Promise.all(ids.map((id) => this.executor.state(placementStreamId(id), evolvePlacement)));
    return placements.filter((p): p is Placement => !!p);
  }

  private async placementIdsOf(marketId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let after = START; ;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const e of page) {
        const data = e.data as Partial<BeneficiaryPlaced['data']>;
        if (e.type === 'BeneficiaryPlaced' && data.marketId === marketId && data.placementId) ids.push(data.placementId);
      }
      if (page.length < PAGE) return ids;
      after = page[page.length - 1].position;
    }
  }
}
