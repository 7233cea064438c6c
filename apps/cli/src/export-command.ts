import { resolve } from 'node:path';
import { Command } from 'commander';
import { marketConcern, marketStreamId } from '@clause-ledger/domain';
import { StreamNotFoundError, exportAuditTrail, loadAuditSigningKey } from '@clause-ledger/event-store';
import { loadConfig } from '../../api/src/config/app-config';
import { CommandIo, openStore, processIo } from './open-store';
import { eventProgress } from './progress';

/** `export`: a market's full history with its hashes, the signed checkpoints and what re-verifies them without this application. */
export function exportCommand(io: CommandIo = processIo): Command {
  return new Command('export')
    .description('write a market\'s history (JSON Lines with hashes), the log\'s hash trail, the signed checkpoints, the public key, a standalone verify.mjs and a README (fr/en) into a folder')
    .requiredOption('--market <id>', 'the market id')
    .requiredOption('--out <dir>', 'the folder to write (created if needed)')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { market: string; out: string; json?: boolean }) => {
      const config = loadConfig();
      const store = await openStore(config);
      try {
        await store.readStream(marketStreamId(options.market), { maxCount: 1 }).catch((error: unknown) => {
          throw error instanceof StreamNotFoundError ? new Error(`market ${options.market} does not exist in this event log`) : error;
        });
        const { jwks } = await loadAuditSigningKey(config.dataDir);
        const progress = await eventProgress(store, io.interactive && !options.json);
        const concerns = marketConcern(options.market);
        const summary = await exportAuditTrail(store, concerns, { dir: resolve(options.out), title: options.market, jwks, onProgress: (n) => progress.update(n) })
          .finally(() => progress.stop());
        io.out(options.json ? `${JSON.stringify(summary, null, 2)}\n`
          : `${summary.events} events of market ${options.market} (of ${summary.logEvents} in the log) and ${summary.checkpoints} signed checkpoint(s) written to ${summary.dir}; re-verify with: node ${summary.dir}/verify.mjs\n`);
      } finally {
        await store.close();
      }
    });
}
