import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './http-load';
import { declarations, setUpMarket, startSigned, stopProjections } from './write-bench';

/**
 * Profiling aid: `node dist-bench/bench/profile-write.js [placements] [requests] [stopped]` writes
 * write-path.cpuprofile (the main thread during the load only, set-up left out).
 */
async function main(): Promise<void> {
  const placements = Number(process.argv[2] ?? 160);
  const requests = Number(process.argv[3] ?? 6400);
  const ledger = await startSigned({ DATA_DIR: mkdtempSync(join(tmpdir(), 'clause-ledger-profile-')) });
  const ids = await setUpMarket(ledger, placements, 16);
  if (process.argv[4] === 'stopped') await stopProjections(ledger.app);
  // warm-up: the first ten months (the JIT and the caches), then the profiled load on the months after
  await runLoad(ledger.origin, declarations(ids, 0, placements * 10), 16, ledger.headers);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await runLoad(ledger.origin, declarations(ids, 10, requests), 16, ledger.headers);
  const { profile } = await session.post('Profiler.stop');
  writeFileSync('write-path.cpuprofile', JSON.stringify(profile));
  console.log(`${result.perSecond.toFixed(0)} req/s p50 ${result.p50Ms.toFixed(1)} p99 ${result.p99Ms.toFixed(1)} ${JSON.stringify(result.statuses)}`);
  await ledger.app.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
