import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MarketTrackingDoc, executionTrackingProjection, isMarketTrackingKey, trackingAt } from '@clause-ledger/projections';
import { isIsoDate } from '@clause-ledger/domain';
import { Clock } from '../infrastructure/clock';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/invalid-input';
import { readYourWrites } from '../http/read-your-writes';
import { ProjectionsService } from './projections.service';
import { Actor, CurrentActor } from '../auth/actor';
import { MarketParties, marketVisibleTo } from '../auth/visibility';

const trackedParties = (doc: MarketTrackingDoc): MarketParties => ({
  facilitatorOrganisationId: doc.facilitatorOrganisationId,
  buyerOrganisationId: doc.buyerOrganisationId,
  companyIds: Object.values(doc.lots).flatMap((lot) => (lot.companyId ? [lot.companyId] : [])),
});
import { Allow, InScopeOf } from '../auth/access.decorators';

@ApiTags('execution tracking (suivi d\'exécution)')
@Controller('markets')
export class TrackingController {
  constructor(private readonly projections: ProjectionsService, private readonly clock: Clock) {}

  @Get()
  @Allow('FACILITATOR', 'BUYER', 'COMPANY', 'AUDITOR')
  @ApiOperation({ summary: 'All markets with their execution figures at a date' })
  @ApiQuery({ name: 'at', required: false, description: 'date of the pro-rata (default today)' })
  @ApiQuery({ name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the read model includes it' })
  async list(@CurrentActor() actor: Actor, @Query('at') at?: string, @Query('waitForPosition') waitForPosition?: string) {
    const date = this.dateOf(at);
    await readYourWrites(this.projections.tracking, waitForPosition);
    return this.projections.readModels
      .list<MarketTrackingDoc>(executionTrackingProjection.name)
      .filter(({ key }) => isMarketTrackingKey(key) && !this.projections.marketBlocker(key))
      .filter(({ doc }) => marketVisibleTo(actor, trackedParties(doc)))
      .map(({ doc }) => {
        const { lots: _lots, companies: _companies, ...summary } = trackingAt(doc, date);
        return summary;
      });
  }

  @Get(':marketId/tracking')
  @Allow('FACILITATOR', 'BUYER', 'COMPANY', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'Execution tracking of a market: per market, lot and company: target, done, remaining, %, pro-rata, beneficiaries, last month' })
  @ApiQuery({ name: 'at', required: false, description: 'date of the pro-rata (default today)' })
  @ApiQuery({ name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the read model includes it' })
  @ApiResponse({ status: 503, description: 'READ_MODEL_BLOCKED: an event of this market is parked until an operator repairs it' })
  async tracking(@CurrentActor() actor: Actor, @Param('marketId', EntityIdPipe) marketId: string, @Query('at') at?: string, @Query('waitForPosition') waitForPosition?: string) {
    const date = this.dateOf(at);
    await readYourWrites(this.projections.tracking, waitForPosition);
    this.projections.assertMarketReadable(marketId);
    const doc = this.projections.readModels.get<MarketTrackingDoc>(executionTrackingProjection.name, marketId);
    if (!doc) throw new NotFoundException(`market ${marketId} does not exist (or is not projected yet)`);
    const view = trackingAt(doc, date);
    // a company sees its own lots, not its competitors' figures
    if (actor.role !== 'COMPANY') return view;
    return { ...view, lots: view.lots.filter((l) => l.companyId === actor.siret), companies: view.companies.filter((c) => c.companyId === actor.siret) };
  }

  private dateOf(at: string | undefined): string {
    if (at === undefined) return this.clock.today();
    if (!isIsoDate(at)) throw new InvalidInputException([{ field: 'at', rule: 'format', message: 'at must be a date YYYY-MM-DD' }]);
    return at;
  }
}
