import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './http-load';
import { declarations, setUpMarket, startSigned, stopProjections } from './write-bench';

/** Profiling aid: `node --cpu-prof dist-bench/bench/profile-write.js [placements] [requests] [stopped]`. */
async function main(): Promise<void> {
  const placements = Number(process.argv[2] ?? 160);
  const requests = Number(process.argv[3] ?? 6400);
  const ledger = await startSigned({ DATA_DIR: mkdtempSync(join(tmpdir(), 'clause-ledger-profile-')) });
  const ids = await setUpMarket(ledger, placements, 16);
  if (process.argv[4] === 'stopped') await stopProjections(ledger.app);
  const result = await runLoad(ledger.origin, declarations(ids, 0, requests), 16, ledger.headers);
  console.log(`${result.perSecond.toFixed(0)} req/s p50 ${result.p50Ms.toFixed(1)} p99 ${result.p99Ms.toFixed(1)} ${JSON.stringify(result.statuses)}`);
  await ledger.app.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
