import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isIsoDate } from '@clause-ledger/domain';
import { Clock } from '../infrastructure/clock';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/invalid-input';
import { Allow, InScopeOf } from '../auth/access.decorators';
import { cutoffOf, historyQueryOf, monthOf } from './audit-query';
import { MarketAuditService } from './market-audit.service';

const invalid = (field: string, message: string) => new InvalidInputException([{ field, rule: 'format', message }]);

@ApiTags('audit (history, as of, diff)')
@Controller('markets')
export class AuditController {
  constructor(private readonly audit: MarketAuditService, private readonly clock: Clock) {}

  @Get(':marketId/history')
  @Allow('FACILITATOR', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'Every event of the market and of its placements, alerts, badges and support case, in log order, with time, actor, command and correlation; identities stay sealed' })
  @ApiQuery({ name: 'kind', required: false, description: 'event types, comma-separated (e.g. HoursCorrected)' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO instant or date (recordedAt, included)' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO instant or date (recordedAt, included)' })
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiQuery({ name: 'pageSize', required: false, example: 100 })
  async history(@Param('marketId', EntityIdPipe) marketId: string, @Query('kind') kind?: string, @Query('from') from?: string, @Query('to') to?: string,
    @Query('page') page?: string, @Query('pageSize') pageSize?: string) {
    const query = historyQueryOf({ kind, from, to, page, pageSize });
    return this.audit.ask(marketId, (a) => a.history(marketId, query));
  }

  @Get(':marketId/as-of')
  @Allow('FACILITATOR', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'Tracking and bilan figures as known at an instant or position (at), or what the whole log says about an effective month (month)' })
  @ApiQuery({ name: 'at', required: false, description: 'a position (42 or 42/42) or an ISO instant' })
  @ApiQuery({ name: 'month', required: false, description: 'an effective month YYYY-MM' })
  @ApiQuery({ name: 'date', required: false, description: 'pro-rata date of the tracking figures (default: the day of the last event folded)' })
  async asOf(@Param('marketId', EntityIdPipe) marketId: string, @Query('at') at?: string, @Query('month') month?: string, @Query('date') date?: string) {
    if ((at === undefined) === (month === undefined)) throw invalid(at === undefined ? 'at' : 'month', 'give either at (an instant or a position) or month (YYYY-MM), not both');
    if (month !== undefined) {
      const m = monthOf(month);
      return this.audit.ask(marketId, (a) => a.month(marketId, m));
    }
    const cutoff = cutoffOf('at', at!);
    const day = this.dateOf(date);
    return this.audit.ask(marketId, (a) => a.asOf(marketId, cutoff, day));
  }

  @Get(':marketId/diff')
  @Allow('FACILITATOR', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'Each figure at two instants (or positions) and the events between them that changed it' })
  @ApiQuery({ name: 'from', required: true, description: 'a position or an ISO instant' })
  @ApiQuery({ name: 'to', required: true, description: 'a position or an ISO instant' })
  async diff(@Param('marketId', EntityIdPipe) marketId: string, @Query('from') from?: string, @Query('to') to?: string) {
    if (from === undefined) throw invalid('from', 'from is required: a position or an ISO instant');
    if (to === undefined) throw invalid('to', 'to is required: a position or an ISO instant');
    const [start, end] = [cutoffOf('from', from), cutoffOf('to', to)];
    return this.audit.ask(marketId, (a) => a.diff(marketId, start, end, this.clock.today()));
  }

  private dateOf(date: string | undefined): string | undefined {
    if (date !== undefined && !isIsoDate(date)) throw invalid('date', 'date must be a date YYYY-MM-DD');
    return date;
  }
}
