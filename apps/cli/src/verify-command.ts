import { Command } from 'commander';
import { LogVerification, loadAuditSigningKey, verifyStore } from '@clause-ledger/event-store';
import { loadConfig } from '../../api/src/config/app-config';
import { CommandIo, openStore, processIo } from './open-store';
import { eventProgress } from './progress';

/** `verify`: re-reads the whole log and checks its chain and signed checkpoints; exit code 1 on any failure. */
export function verifyCommand(io: CommandIo = processIo): Command {
  return new Command('verify')
    .description('re-read the whole event log (DATA_DIR or EVENTSTORE_CONNECTION_STRING): name every altered, missing or reordered event by position and check every signed checkpoint; exits 1 on any failure')
    .option('--json', 'print the full report as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const store = await openStore(config);
      try {
        const { jwks } = await loadAuditSigningKey(config.dataDir);
        const progress = await eventProgress(store, io.interactive && !options.json);
        const report = await verifyStore(store, jwks, (read) => progress.update(read)).finally(() => progress.stop());
        io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
        if (!report.ok) io.fail();
      } finally {
        await store.close();
      }
    });
}

function describe(report: LogVerification): string {
  const lines = [
    `${report.ok ? 'OK' : 'FAILED'}: ${report.events} events read up to position ${report.head}, digest ${report.digest}`,
    ...(report.unhashed > 0 ? [`${report.unhashed} events written before hashing existed (unhashed up to position ${report.unhashedUpTo})`] : []),
    ...report.findings.map((f) => `${f.kind.toUpperCase()} ${f.message}`),
    ...report.checkpoints.map((c) => `${c.ok ? 'checkpoint ok' : 'CHECKPOINT FAILED'}: ${c.message}`),
  ];
  return `${lines.join('\n')}\n`;
}
