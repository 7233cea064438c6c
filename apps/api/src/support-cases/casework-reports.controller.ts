import { Controller, Get, Header, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { evolveOrganisation, isIsoDate, notFound, organisationStreamId } from '@clause-ledger/domain';
import {
  ActivityReport, FacilitatorActivityDoc, MarketTrackingDoc, SupportCaseDoc, activityKey, activityReport, caseload, funnel,
} from '@clause-ledger/projections';
import { Actor, CurrentActor } from '../auth/actor';
import { Allow } from '../auth/access.decorators';
import { facilitatorOrganisationVisibleTo } from '../auth/visibility';
import { CommandExecutor } from '../command-handling/command-executor';
import { AppConfig } from '../config/app-config';
import { figuresCsv } from '../bilans/bilan-csv';
import { InvalidInputException } from '../http/invalid-input';
import { ID_PATTERN } from '../http/dto-rules';
import { readYourWrites } from '../http/read-your-writes';
import { Clock } from '../infrastructure/clock';
import { APP_CONFIG } from '../infrastructure/tokens';
import { activityReportPdf } from '../reports/activity-report-pdf';
import { ProjectionsService } from '../tracking/projections.service';

const ORGANISATION = { name: 'organisationId', required: false, description: 'the facilitator organisation (default: the signed-in facilitator\'s own; an auditor names one it is granted)' };

/**
 * The facilitator's caseload, funnel and yearly activity report: a facilitator sees its own
 * organisation's, an auditor the ones it is granted; any other organisation answers 404.
 */
@ApiTags('support cases (demandes d\'accompagnement)')
@Controller()
export class CaseworkReportsController {
  constructor(
    private readonly projections: ProjectionsService, private readonly executor: CommandExecutor, private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('caseload')
  @Allow('FACILITATOR', 'AUDITOR')
  @ApiOperation({ summary: 'The facilitator\'s open cases by level and stage, next planned actions, and cases left without action for too long' })
  @ApiQuery(ORGANISATION)
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, today by default' })
  @ApiQuery({ name: 'staleAfterDays', required: false, description: 'days without action before a case is flagged (CASE_STALE_AFTER_DAYS by default)' })
  async caseload(
    @CurrentActor() actor: Actor, @Query('organisationId') organisationId?: string, @Query('asOf') asOf?: string, @Query('staleAfterDays') stale?: string,
    @Query('waitForPosition') waitForPosition?: string,
  ) {
    const organisation = organisationOf(actor, organisationId);
    if (asOf !== undefined && !isIsoDate(asOf)) throw invalid('asOf', 'isDate', 'asOf must be a date YYYY-MM-DD');
    if (stale !== undefined && !/^\d{1,3}$/.test(stale)) throw invalid('staleAfterDays', 'isInt', 'staleAfterDays must be a whole number of days (0-999)');
    await readYourWrites(this.projections.supportCases, waitForPosition);
    return caseload(this.cases(), organisation, asOf ?? this.clock.today(), stale !== undefined ? Number(stale) : this.config.caseStaleAfterDays);
  }

  @Get('funnel')
  @Allow('FACILITATOR', 'AUDITOR')
  @ApiOperation({ summary: 'The year\'s requests from the first call to the hours done: proposals, adopted clauses, markets with a clause, hours' })
  @ApiQuery(ORGANISATION)
  @ApiQuery({ name: 'year', required: true, example: 2026 })
  async funnel(@CurrentActor() actor: Actor, @Query('year') year: string, @Query('organisationId') organisationId?: string, @Query('waitForPosition') waitForPosition?: string) {
    const organisation = organisationOf(actor, organisationId);
    const y = requireYear(year);
    await readYourWrites(this.projections.supportCases, waitForPosition);
    return funnel(this.cases().filter((c) => c.facilitatorOrganisationId === organisation && c.requestedOn.startsWith(`${y}-`)), (id) => this.tracking(id));
  }

  @Get('activity-report')
  @Allow('FACILITATOR', 'AUDITOR')
  @ApiOperation({ summary: 'The facilitator organisation\'s yearly activity report for its funders: buyers by level, companies, actions by axis, meetings, clauses and hours' })
  @ApiQuery(ORGANISATION)
  @ApiQuery({ name: 'year', required: true, example: 2026 })
  async report(@CurrentActor() actor: Actor, @Query('year') year: string, @Query('organisationId') organisationId?: string, @Query('waitForPosition') waitForPosition?: string) {
    return this.reportOf(organisationOf(actor, organisationId), year, waitForPosition);
  }

  @Get('activity-report.csv')
  @Allow('FACILITATOR', 'AUDITOR')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The yearly activity report as CSV (indicator; value)' })
  @ApiQuery(ORGANISATION)
  async csv(@CurrentActor() actor: Actor, @Query('year') year: string, @Res({ passthrough: true }) res: Response, @Query('organisationId') organisationId?: string) {
    const report = await this.reportOf(organisationOf(actor, organisationId), year);
    res.setHeader('Content-Disposition', `attachment; filename="rapport-activite-${report.year}.csv"`);
    return figuresCsv(report);
  }

  @Get('activity-report.pdf')
  @Allow('FACILITATOR', 'AUDITOR')
  @ApiOperation({ summary: 'The yearly activity report as a French PDF for the funders' })
  @ApiQuery(ORGANISATION)
  async pdf(@CurrentActor() actor: Actor, @Query('year') year: string, @Query('organisationId') organisationId?: string) {
    const organisation = organisationOf(actor, organisationId);
    const report = await this.reportOf(organisation, year);
    const pdf = await activityReportPdf(report, await this.nameOf(organisation));
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="rapport-activite-${report.year}.pdf"` });
  }

  private async reportOf(organisation: string, year: string, waitForPosition?: string): Promise<ActivityReport> {
    const y = requireYear(year);
    await readYourWrites(this.projections.supportCases, waitForPosition);
    const activity = this.projections.readModels.get<FacilitatorActivityDoc>(this.projections.supportCases.projection.name, activityKey(organisation));
    return activityReport(this.cases(), activity, organisation, y, (id) => this.tracking(id));
  }

  /** The registered name, else the name the organisation's cases carry, else its id. */
  private async nameOf(organisation: string): Promise<string> {
    const registered = await this.executor.state(organisationStreamId(organisation), evolveOrganisation);
    return registered?.name ?? this.cases().find((c) => c.facilitatorOrganisationId === organisation)?.facilitatorOrganisation ?? organisation;
  }

  private cases(): SupportCaseDoc[] {
    return this.projections.readModels.listByPrefix<SupportCaseDoc>(this.projections.supportCases.projection.name, 'case:').map((r) => r.doc);
  }

  private tracking(marketId: string): MarketTrackingDoc | undefined {
    return this.projections.readModels.get<MarketTrackingDoc>(this.projections.tracking.projection.name, marketId);
  }
}

const invalid = (field: string, rule: string, message: string) => new InvalidInputException([{ field, rule, message }]);

/** The organisation a report is about: the facilitator's own, or one the auditor is granted; another is not revealed (404). */
function organisationOf(actor: Actor, requested: string | undefined): string {
  if (requested !== undefined && !ID_PATTERN.test(requested)) throw invalid('organisationId', 'format', 'organisationId must be an organisation id (1 to 64 letters, digits, - or _)');
  const organisation = requested ?? (actor.role === 'FACILITATOR' ? actor.organisationId : undefined);
  if (!organisation) throw invalid('organisationId', 'isDefined', 'organisationId is required: name the facilitator organisation you are granted');
  if (!facilitatorOrganisationVisibleTo(actor, organisation)) throw notFound('ORGANISATION_NOT_FOUND', `organisation ${organisation} does not exist`, 'organisationId');
  return organisation;
}

function requireYear(year: string | undefined): number {
  if (!/^\d{4}$/.test(year ?? '')) throw invalid('year', 'format', 'year must be a year such as 2026');
  return Number(year);
}
