import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import { EventData, SqliteEventStore, positionFromString } from '@clause-ledger/event-store';
import { DomainEvent } from '@clause-ledger/domain';
import { aBeneficiaryRegistered, aCompanyRegistered, aMarketRegistered } from '@clause-ledger/domain/testing/fixtures';
import { Figure, seedBigMarket } from './rebuild-all';
import { SignedApp, startSigned } from './write-bench';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';

const asData = (e: DomainEvent): EventData => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version } });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const RUNS = 5;
const ROUNDS = Number(process.env.BENCH_BILAN_ROUNDS ?? 3);

/**
 * The big market as the raw seed writes it (registered again first, for the bench's facilitator
 * organisation: the raw seed's market belongs to nobody), its beneficiaries and its lot's company.
 */
export async function seedBilanMarket(dir: string, placements: number): Promise<void> {
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  await store.appendToStream('company-73282932000074', [asData(aCompanyRegistered({ companyId: '73282932000074' }))], { expectedRevision: 'any' });
  for (let p = 0; p < placements; p++) {
    await store.appendToStream(`beneficiary-bb-${p}`, [asData(aBeneficiaryRegistered({ beneficiaryId: `bb-${p}`, sex: p % 2 ? 'F' : 'M' }))], { expectedRevision: 'any' });
  }
  const owned = aMarketRegistered({ marketId: 'big', executionStart: '2026-01-01', executionEnd: '2035-12-31', facilitatorOrganisationId: 'mef-cotentin' });
  const { appendToStream } = store;
  // seedBigMarket opens the market stream with its own registration: this one takes its place
  store.appendToStream = (stream, events, options) => appendToStream.call(store, stream, stream === 'market-big' && events.length === 3 ? [asData(owned), ...events.slice(1)] : events, options);
  await seedBigMarket(store, placements);
  await store.close();
}

/**
 * A data dir with the market seeded and every read model caught up (the API's own catch-up; slow
 * while issue 13 target 2 is open). BENCH_BILAN_DIR keeps it between runs: the bench measures a copy.
 */
async function prepared(placements: number): Promise<{ dir: string; seconds: number }> {
  const kept = process.env.BENCH_BILAN_DIR;
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'clause-ledger-bilan-'));
  const started = Date.now();
  if (!kept || !existsSync(join(kept, 'events.db'))) {
    await seedBilanMarket(dir, placements);
    const api = await startSigned({ DATA_DIR: dir });
    await api.app.close();
  }
  if (!kept) return { dir, seconds: (Date.now() - started) / 1000 };
  const copy = mkdtempSync(join(tmpdir(), 'clause-ledger-bilan-'));
  cpSync(kept, copy, { recursive: true });
  return { dir: copy, seconds: (Date.now() - started) / 1000 };
}

interface Timed { ms: number; status: number; bytes: number }

async function timed(pool: Pool, path: string, headers: Record<string, string>): Promise<Timed> {
  const t0 = process.hrtime.bigint();
  const res = await pool.request({ method: 'GET', path, headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.statusCode, bytes: body.length };
}

/**
 * Issue 13 target 3: the bilan (JSON, CSV, PDF) and key figures of a 3,000-placement, 120-month
 * market over HTTP, each after a declaration changed the market (median of 5 each, the first
 * request included), then /health while 4 bilans are generated at once.
 */
export async function bilanFigures(): Promise<Figure[]> {
  const placements = Number(process.env.BENCH_BIG_PLACEMENTS ?? 3_000);
  const { dir, seconds } = await prepared(placements);
  try {
    console.log(`bilans of one ${placements}-placement market (120 months): seeded and caught up in ${seconds.toFixed(1)} s`);
    const api = await startSigned({ DATA_DIR: dir });
    const pool = new Pool(api.origin, { connections: 8 });
    try {
      const routes: [string, string][] = [
        ['bilan JSON', '/markets/big/bilan'], ['bilan CSV', '/markets/big/bilan.csv'], ['bilan PDF', '/markets/big/bilan.pdf'],
        ['key figures', '/key-figures?year=2030&facilitatorOrganisation=MEF%20du%20Cotentin'],
      ];
      const figures: Figure[] = [];
      // what a restarted API pays once per market: every document read and parsed, every list of ids sorted and encoded
      for (const [name, path] of [routes[0], routes[3]]) {
        const [cold] = await inWorker<Timed[]>({ origin: api.origin, headers: api.headers, series: path, runs: 1 });
        console.log(`  ${name.padEnd(12)} first request after the API started: ${cold.ms.toFixed(1)} ms (not a target: once per market and worker)`);
      }
      for (const [i, [name, path]] of routes.entries()) {
        await declareHours(api, pool, `big-p${11 + i}`);
        const runs = await inWorker<Timed[]>({ origin: api.origin, headers: api.headers, series: path });
        if (runs.some((r) => r.status !== 200)) throw new Error(`${path} answered ${runs.map((r) => r.status).join(', ')}: the benchmark is not measuring what it says`);
        const ms = median(runs.map((r) => r.ms));
        console.log(`  ${name.padEnd(12)} ${(runs[0].bytes / 1e6).toFixed(2)} MB: median ${ms.toFixed(1)} ms (${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms)`);
        figures.push({ name: `${name}, ${placements}-placement market (median of ${RUNS})`, value: ms, unit: 'ms', target: '< 200 ms', met: ms < 200 });
        // the first request computes after a declaration; the others may be served as rendered at the same read-model position
        figures.push({ name: `${name}, first request after a declaration (computed)`, value: runs[0].ms, unit: 'ms', target: '< 200 ms', met: runs[0].ms < 200 });
      }
      const health = await healthWhileGenerating(api, pool);
      console.log(`  /health while 4 bilans are generated (${ROUNDS} rounds, ${health.samples} probes): p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(1)} ms; the API's event-loop delay meanwhile (worst round): p99 ${health.loopP99.toFixed(1)} ms, max ${health.loopMax.toFixed(1)} ms\n`);
      figures.push({ name: '/health p99 while 4 bilans are generated', value: health.p99, unit: 'ms', target: '< 20 ms', met: health.p99 < 20 });
      return figures;
    } finally {
      await pool.close();
      await api.app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Four bilan requests (JSON, CSV, PDF, JSON) at once, `ROUNDS` times; meanwhile a client in a thread
 * of its own probes /health back to back. Before each round a declaration changes the market, so that every round
 * generates its bilans anew.
 */
async function healthWhileGenerating(api: SignedApp, pool: Pool): Promise<{ samples: number; p50: number; p99: number; max: number; loopP99: number; loopMax: number }> {
  const latencies: number[] = [];
  // the API's own event-loop delay during the rounds (what is left of /health's delay is the machine's); one histogram a round
  const loops: IntervalHistogram[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await declareHours(api, pool, `big-p${round + 1}`);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loops.push(loop);
    loop.enable();
    latencies.push(...await probedWhile(api, () => inWorker<Timed[]>({ origin: api.origin, headers: api.headers })));
    loop.disable();
  }
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1], loopP99: Math.max(...loops.map((l) => l.percentile(99))) / 1e6, loopMax: Math.max(...loops.map((l) => l.max)) / 1e6 };
}

/**
 * A declaration for a month the seed left undeclared (placement p starts in month p), taken in by
 * every read model: what a write costs the projections is targets 1-2's figure.
 */
async function declareHours(api: SignedApp, pool: Pool, placementId: string): Promise<void> {
  const declared = await pool.request({
    method: 'POST', path: `/placements/${placementId}/hours`, headers: api.headers, body: JSON.stringify({ month: '2026-01', hours: 10, source: 'PAYSLIP' }),
  });
  const { position } = (await declared.body.json()) as { position: string };
  if (declared.statusCode !== 201) throw new Error(`declaration for ${placementId}: ${declared.statusCode}`);
  for (const runner of api.app.get(ProjectionsService).runners) await runner.waitFor(positionFromString(position), 600_000);
}

/**
 * /health probed back to back by a client of its own (a thread receiving 30 MB bodies would delay its
 * own probes, which is not the API's delay) while `generating` runs; the probes' latencies.
 */
async function probedWhile(api: SignedApp, generating: () => Promise<unknown>): Promise<number[]> {
  const prober = new Worker(__filename, { workerData: { bilanClients: { origin: api.origin, headers: api.headers, probe: true } satisfies ClientsData } });
  const probed = new Promise<number[]>((resolve, reject) => {
    prober.on('message', (m: number[] | 'probing') => m !== 'probing' && resolve(m));
    prober.once('error', reject);
  });
  await new Promise((probing) => prober.once('message', probing));
  await generating();
  prober.postMessage('stop');
  return probed;
}

/**
 * series: `runs` (default `RUNS`) requests of that path one after the other; probe: /health until
 * told to stop; neither: four bilans at once.
 */
interface ClientsData { origin: string; headers: Record<string, string>; series?: string; runs?: number; probe?: boolean }

/** The clients run in a worker thread: receiving 30 MB bodies must not count as the API's own time or delay. */
function inWorker<T>(data: ClientsData): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { bilanClients: data } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function clients({ origin, headers, series, runs: count = RUNS, probe }: ClientsData): Promise<Timed[] | number[]> {
  const pool = new Pool(origin, { connections: 8 });
  try {
    if (probe) return await probeUntilStopped(pool);
    if (series === undefined) return await fourBilans(pool, headers);
    const runs: Timed[] = [];
    for (let i = 0; i < count; i++) runs.push(await timed(pool, series, headers));
    return runs;
  } finally {
    await pool.close();
  }
}

async function fourBilans(pool: Pool, headers: Record<string, string>): Promise<Timed[]> {
  const answered = await Promise.all(['bilan', 'bilan.csv', 'bilan.pdf', 'bilan'].map((b) => timed(pool, `/markets/big/${b}`, headers)));
  if (answered.some((r) => r.status !== 200)) throw new Error(`bilans answered ${answered.map((r) => r.status).join(', ')}`);
  return answered;
}

/** Says 'probing' after a first probe (not counted), then probes until the 'stop' message. */
async function probeUntilStopped(pool: Pool): Promise<number[]> {
  let stopped = false;
  parentPort!.once('message', () => {
    stopped = true;
  });
  await timed(pool, '/health', {});
  parentPort!.postMessage('probing');
  const latencies: number[] = [];
  while (!stopped) latencies.push((await timed(pool, '/health', {})).ms);
  return latencies;
}

if (!isMainThread && (workerData as { bilanClients?: ClientsData })?.bilanClients) {
  clients((workerData as { bilanClients: ClientsData }).bilanClients).then((result) => parentPort!.postMessage(result));
} else if (require.main === module) {
  bilanFigures().then((figures) => {
    for (const f of figures) console.log(`  ${f.name}: ${f.value.toFixed(1)} ${f.unit} (target ${f.target}): ${f.met ? 'met' : 'NOT met'}`);
    process.exit(0);
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
