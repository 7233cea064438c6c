import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@clause-ledger/domain';
import { Position } from '@clause-ledger/event-store';
import { caseworkWatch, jobOffersProjection, offersPastExpiry } from '@clause-ledger/projections';
import { SYSTEM_ACTOR } from '../auth/actor';
import { commandMeta } from '../command-handling/command-meta';
import { ProjectionsService } from '../tracking/projections.service';
import { CloseJobOfferCommand } from './job-offer.commands';

/** How long a run waits for the job-offers read model to include the day's tick. */
const CATCH_UP_MS = 30_000;

/**
 * Expires the open offers whose expiry date has passed, as the facilitator would on the day after
 * it: one ExpireJobOffer command per offer, under a key of its own, so a run repeated by another
 * instance or after a restart records each expiry once.
 */
@Injectable()
export class OfferExpiry {
  private readonly logger = new Logger('OfferExpiry');

  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  /** The offers this run expired; `ticked` is the position of the day's clock tick (the read model is read once it includes it). */
  async expirePastOffers(today: string, ticked: Position): Promise<string[]> {
    // at start-up this waits for the read model's catch-up (the hooks run side by side)
    if (!(await this.projections.jobOffers.waitFor(ticked, CATCH_UP_MS))) {
      this.logger.warn(`the job-offers read model has not reached the clock tick of ${today}: offers expire on the next run`);
      return [];
    }
    const watch = caseworkWatch((prefix) => this.projections.readModels.listByPrefix(jobOffersProjection.name, prefix));
    const expired: string[] = [];
    for (const offerId of offersPastExpiry(watch, today)) {
      try {
        await this.commands.execute(new CloseJobOfferCommand({ offerId, how: 'expire' }, commandMeta('ExpireJobOffer', { offerId }, { idempotencyKey: `offer-expiry-${offerId}`, actor: SYSTEM_ACTOR })));
        expired.push(offerId);
      } catch (error) {
        // filled or cancelled since the read model was read: nothing left to expire
        if (error instanceof DomainError && error.code === 'OFFER_CLOSED') continue;
        this.logger.warn(`job offer ${offerId} could not be expired: ${(error as Error).message}; next run within the hour`);
      }
    }
    return expired;
  }
}
