import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './http-load';
import { declarations, setUpMarket, startSigned, stopProjections } from './write-bench';

/**
 * Profiling aid: `node dist-bench/bench/profile-write.js [placements] [requests] [stopped]` writes
 * write-path.cpuprofile (the main thread during the load only, set-up left out). Also prints the
 * CPU time of the main thread and of the other threads per request (Linux): on a machine shared with
 * other work, these move less than the rate does.
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
  const [elu, threadsBefore] = [performance.eventLoopUtilization(), threadCpuMs()];
  const result = await runLoad(ledger.origin, declarations(ids, 10, requests), 16, ledger.headers);
  const [busy, threadsAfter] = [performance.eventLoopUtilization(elu), threadCpuMs()];
  const { profile } = await session.post('Profiler.stop');
  writeFileSync('write-path.cpuprofile', JSON.stringify(profile));
  const perRequest = (ms: number) => (ms / requests).toFixed(3);
  console.log(
    `${result.perSecond.toFixed(0)} req/s p50 ${result.p50Ms.toFixed(1)} p99 ${result.p99Ms.toFixed(1)} ${JSON.stringify(result.statuses)}; ` +
      `main thread busy ${perRequest(busy.active)} ms/req; CPU ms/req: ${cpuPerThread(threadsBefore, threadsAfter, requests)}`,
  );
  await ledger.app.close();
}

/** CPU time (user + system) of each thread of this process, by thread name and id, from /proc (Linux); empty elsewhere. */
function threadCpuMs(): Map<string, number> {
  const cpu = new Map<string, number>();
  if (!existsSync('/proc/self/task')) return cpu;
  const tick = 1000 / 100; // USER_HZ
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(`${name}#${tid}`, (Number(fields[11]) + Number(fields[12])) * tick); // utime, stime
    } catch {
      /* the thread ended */
    }
  }
  return cpu;
}

/** The main thread's CPU per request, then every other thread that used more than 0.005 ms/req, by name. */
function cpuPerThread(before: Map<string, number>, after: Map<string, number>, requests: number): string {
  const main = `#${process.pid}`;
  const used = [...after].map(([thread, ms]) => [thread, (ms - (before.get(thread) ?? 0)) / requests] as const).filter(([, ms]) => ms > 0.005);
  used.sort(([a, x], [b, y]) => (a.endsWith(main) ? -1 : b.endsWith(main) ? 1 : y - x));
  return used.map(([thread, ms]) => `${thread.endsWith(main) ? 'main' : thread.replace(/#\d+$/, '')} ${ms.toFixed(3)}`).join(', ');
}

main().catch((e) => { console.error(e); process.exit(1); });
