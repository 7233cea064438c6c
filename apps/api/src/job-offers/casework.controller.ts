import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { caseworkAlerts, caseworkWatch, jobOffersProjection, sourcingFigures } from '@clause-ledger/projections';
import { readYourWrites } from '../http/read-your-writes';
import { ProjectionsService } from '../tracking/projections.service';
import { Allow } from '../auth/access.decorators';
import { Actor, CurrentActor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { VisibleOffers } from './visible-offers';

const WAIT = { name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the read model includes it' } as const;

@ApiTags('job offers (offres d\'emploi, candidats, embauches)')
@Controller('casework')
export class CaseworkController {
  constructor(private readonly projections: ProjectionsService, private readonly offers: VisibleOffers, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('sourcing-figures')
  @Allow('FACILITATOR')
  @ApiOperation({ summary: 'Who the offers reach: shares of QPV residents, women and under-26s among candidates, preselected and hired, in hundredths of a percent (2500 = 25 %)' })
  @ApiQuery(WAIT)
  async sourcing(@CurrentActor() actor: Actor, @Query('waitForPosition') waitForPosition?: string) {
    await readYourWrites(this.projections.jobOffers, waitForPosition);
    return sourcingFigures(await this.offers.of(actor));
  }

  @Get('alerts')
  @Allow('FACILITATOR')
  @ApiOperation({ summary: 'The facilitator\'s casework alerts on the clock\'s last day: offers open without candidates, contracts without follow-up contact (French messages)' })
  @ApiQuery(WAIT)
  async alerts(@CurrentActor() actor: Actor, @Query('waitForPosition') waitForPosition?: string) {
    await readYourWrites(this.projections.jobOffers, waitForPosition);
    const watch = caseworkWatch((prefix) => this.projections.readModels.listByPrefix(jobOffersProjection.name, prefix));
    const alerts = caseworkAlerts(watch, this.config.caseworkAlertRules);
    const markets = await this.offers.visibleMarkets(actor, new Set(alerts.map((a) => a.marketId)));
    return { evaluatedOn: watch.today, alerts: alerts.filter((a) => markets.has(a.marketId)) };
  }
}
