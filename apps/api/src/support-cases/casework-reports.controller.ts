import { Controller, Get, Header, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { isIsoDate } from '@clause-ledger/domain';
import {
  ActivityReport, FacilitatorActivityDoc, MarketTrackingDoc, SupportCaseDoc, activityKey, activityReport, caseload, funnel,
} from '@clause-ledger/projections';
import { AppConfig } from '../config/app-config';
import { figuresCsv } from '../bilans/bilan-csv';
import { InvalidInputException } from '../http/error-responses';
import { readYourWrites } from '../http/read-your-writes';
import { Clock } from '../infrastructure/clock';
import { APP_CONFIG } from '../infrastructure/tokens';
import { activityReportPdf } from '../reports/activity-report-pdf';
import { ProjectionsService } from '../tracking/projections.service';

@ApiTags('support cases (demandes d\'accompagnement)')
@Controller()
export class CaseworkReportsController {
  constructor(private readonly projections: ProjectionsService, private readonly clock: Clock, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('caseload')
  @ApiOperation({ summary: 'The facilitator\'s open cases by level and stage, next planned actions, and cases left without action for too long' })
  @ApiQuery({ name: 'facilitatorOrganisation', required: true })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, today by default' })
  @ApiQuery({ name: 'staleAfterDays', required: false, description: 'days without action before a case is flagged (CASE_STALE_AFTER_DAYS by default)' })
  async caseload(@Query('facilitatorOrganisation') organisation: string, @Query('asOf') asOf?: string, @Query('staleAfterDays') stale?: string, @Query('waitForPosition') waitForPosition?: string) {
    requireText(organisation, 'facilitatorOrganisation');
    if (asOf !== undefined && !isIsoDate(asOf)) throw invalid('asOf', 'isDate', 'asOf must be a date YYYY-MM-DD');
    if (stale !== undefined && !/^\d{1,3}$/.test(stale)) throw invalid('staleAfterDays', 'isInt', 'staleAfterDays must be a whole number of days (0-999)');
    await readYourWrites(this.projections.supportCases, waitForPosition);
    return caseload(this.cases(), organisation, asOf ?? this.clock.today(), stale !== undefined ? Number(stale) : this.config.caseStaleAfterDays);
  }

  @Get('funnel')
  @ApiOperation({ summary: 'The year\'s requests from the first call to the hours done: proposals, adopted clauses, markets with a clause, hours' })
  @ApiQuery({ name: 'facilitatorOrganisation', required: true })
  @ApiQuery({ name: 'year', required: true, example: 2026 })
  async funnel(@Query('facilitatorOrganisation') organisation: string, @Query('year') year: string, @Query('waitForPosition') waitForPosition?: string) {
    requireText(organisation, 'facilitatorOrganisation');
    const y = requireYear(year);
    await readYourWrites(this.projections.supportCases, waitForPosition);
    return funnel(this.cases().filter((c) => c.facilitatorOrganisation === organisation && c.requestedOn.startsWith(`${y}-`)), (id) => this.tracking(id));
  }

  @Get('activity-report')
  @ApiOperation({ summary: 'The facilitator organisation\'s yearly activity report for its funders: buyers by level, companies, actions by axis, meetings, clauses and hours' })
  @ApiQuery({ name: 'facilitatorOrganisation', required: true })
  @ApiQuery({ name: 'year', required: true, example: 2026 })
  async report(@Query('facilitatorOrganisation') organisation: string, @Query('year') year: string, @Query('waitForPosition') waitForPosition?: string) {
    return this.reportOf(organisation, year, waitForPosition);
  }

  @Get('activity-report.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The yearly activity report as CSV (indicator; value)' })
  async csv(@Query('facilitatorOrganisation') organisation: string, @Query('year') year: string, @Res({ passthrough: true }) res: Response) {
    const report = await this.reportOf(organisation, year);
    res.setHeader('Content-Disposition', `attachment; filename="rapport-activite-${report.year}.csv"`);
    return figuresCsv(report);
  }

  @Get('activity-report.pdf')
  @ApiOperation({ summary: 'The yearly activity report as a French PDF for the funders' })
  async pdf(@Query('facilitatorOrganisation') organisation: string, @Query('year') year: string) {
    const report = await this.reportOf(organisation, year);
    return new StreamableFile(await activityReportPdf(report), { type: 'application/pdf', disposition: `attachment; filename="rapport-activite-${report.year}.pdf"` });
  }

  private async reportOf(organisation: string, year: string, waitForPosition?: string): Promise<ActivityReport> {
    requireText(organisation, 'facilitatorOrganisation');
    const y = requireYear(year);
    await readYourWrites(this.projections.supportCases, waitForPosition);
    const activity = this.projections.readModels.get<FacilitatorActivityDoc>(this.projections.supportCases.projection.name, activityKey(organisation));
    return activityReport(this.cases(), activity, organisation, y, (id) => this.tracking(id));
  }

  private cases(): SupportCaseDoc[] {
    return this.projections.readModels.listByPrefix<SupportCaseDoc>(this.projections.supportCases.projection.name, 'case:').map((r) => r.doc);
  }

  private tracking(marketId: string): MarketTrackingDoc | undefined {
    return this.projections.readModels.get<MarketTrackingDoc>(this.projections.tracking.projection.name, marketId);
  }
}

const invalid = (field: string, rule: string, message: string) => new InvalidInputException([{ field, rule, message }]);

function requireText(value: string | undefined, field: string): void {
  if (!value || !value.trim() || value.length > 200) throw invalid(field, 'isNotEmpty', `${field} is required (1 to 200 characters)`);
}

function requireYear(year: string | undefined): number {
  if (!/^\d{4}$/.test(year ?? '')) throw invalid('year', 'format', 'year must be a year such as 2026');
  return Number(year);
}
