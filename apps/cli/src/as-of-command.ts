import { Command, InvalidArgumentError } from 'commander';
import { AsOf, MonthView } from '@clause-ledger/projections';
import { isIsoDate } from '@clause-ledger/domain';
import { cutoffOf, monthOf } from '../../api/src/audit/audit-query';
import { found, printJson, withAudit } from './audit-session';
import { marketId } from './market-option';

/** `as-of`: a market's figures as known at an instant or position, or what the whole log says about a month. */
export function asOfCommand(): Command {
  return new Command('as-of')
    .description('tracking and bilan figures as known at an instant or position (--at), or an effective month with every later correction (--month)')
    .requiredOption('--market <id>', 'the market id', marketId)
    .option('--at <instant|position>', 'a position (42 or 42/42) or an ISO instant')
    .option('--month <YYYY-MM>', 'an effective month')
    .option('--date <YYYY-MM-DD>', 'pro-rata date of the tracking figures (default: the day of the last event folded)', date)
    .option('--json', 'the API\'s JSON answer instead of a summary')
    .action(async (options: { market: string; at?: string; month?: string; date?: string; json?: boolean }) => {
      if ((options.at === undefined) === (options.month === undefined)) throw new InvalidArgumentError('give either --at (an instant or a position) or --month (YYYY-MM), not both');
      const { market } = options;
      const answer = options.month !== undefined
        ? await monthView(market, monthOf(options.month))
        : found(market, await withAudit((audit) => audit.asOf(market, cutoffOf('at', options.at!), options.date)));
      if (options.json) return printJson(answer);
      process.stdout.write(`${'month' in answer ? monthSummary(answer) : asOfSummary(answer)}\n`);
    });
}

const monthView = async (market: string, month: string) => found(market, await withAudit((audit) => audit.month(market, month)));

function date(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('the date must be YYYY-MM-DD');
  return value;
}

function asOfSummary(a: AsOf): string {
  const t = a.tracking;
  return [
    `market ${a.marketId} as of position ${a.position} (${a.recordedAt}, ${a.eventsFolded} events)`,
    `target ${t.targetHours} h, done ${t.hoursDone} h (${t.percentDone} %), beneficiaries ${t.beneficiariesCounted}, penalty ${a.bilan.totals.penaltyCents / 100} EUR`,
    ...t.lots.map((l) => `  lot ${l.lotId}: ${l.hoursDone} h of ${l.targetHours} h${l.companyId ? ` (${l.companyId})` : ''}`),
  ].join('\n');
}

function monthSummary(m: MonthView): string {
  return [
    `market ${m.marketId}, month ${m.month}: ${m.hours} h, cumulative ${m.cumulativeHours} h`,
    ...m.lots.map((l) => `  lot ${l.lotId}: ${l.hours} h, cumulative ${l.cumulativeHours} h`),
    ...m.companies.map((c) => `  company ${c.companyId}: ${c.hours} h, cumulative ${c.cumulativeHours} h`),
  ].join('\n');
}
