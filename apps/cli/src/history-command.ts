import { Command } from 'commander';
import { HistoryEntry } from '@clause-ledger/projections';
import { historyQueryOf } from '../../api/src/audit/audit-query';
import { found, printJson, withAudit } from './audit-session';
import { marketId } from './market-option';

/** `history`: every event of a market's story, in log order (GET /markets/{id}/history, all pages). */
export function historyCommand(): Command {
  return new Command('history')
    .description('every event of a market and its placements, alerts, badges and support case, in log order, with who and which command')
    .requiredOption('--market <id>', 'the market id', marketId)
    .option('--kind <types>', 'only these event types, comma-separated (e.g. HoursCorrected)')
    .option('--from <instant>', 'recorded at or after (ISO instant or date)')
    .option('--to <instant>', 'recorded at or before (ISO instant or date)')
    .option('--json', 'the API\'s JSON answer instead of one line per event')
    .action(async (options: { market: string; kind?: string; from?: string; to?: string; json?: boolean }) => {
      const query = { ...historyQueryOf({ kind: options.kind, from: options.from, to: options.to }), pageSize: Number.MAX_SAFE_INTEGER };
      const history = found(options.market, await withAudit((audit) => audit.history(options.market, query)));
      if (options.json) return printJson(history);
      history.entries.forEach((e) => process.stdout.write(`${line(e)}\n`));
      process.stdout.write(`${history.total} event(s)\n`);
    });
}

function line(e: HistoryEntry): string {
  const who = e.actor ? `${e.actor.role ?? '?'} ${e.actor.organisationId ?? '?'}/${e.actor.userId ?? '?'}` : '-';
  const correction = e.correction ? `  ${e.correction.month}: ${e.correction.previousHours} h -> ${e.correction.hours} h (${e.correction.reason})` : '';
  return `${e.position.padEnd(12)} ${e.recordedAt}  ${e.type.padEnd(22)} ${who}  ${e.commandType ?? '-'} ${e.commandId ?? ''}${correction}`;
}
