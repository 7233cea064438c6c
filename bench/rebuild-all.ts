import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, SqliteEventStore, START } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, allProjections } from '@clause-ledger/projections';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, anEligibilityValidated, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { DomainEvent, addMonths } from '@clause-ledger/domain';

const asData = (e: DomainEvent): EventData => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version } });
const month = (m: number) => addMonths('2026-01-01', m).slice(0, 7);

export interface Figure { name: string; value: number; unit: string; target: string; met: boolean }

/**
 * Many markets as facilitators fill them: two lots, ten placements with an eligibility and up to
 * 19 months of hours each, and a clock tick every 100 markets (the tick touches every market under the clock).
 */
export async function seedManyMarkets(store: SqliteEventStore, targetEvents: number): Promise<number> {
  let events = 0;
  for (let m = 0; events < targetEvents; m++) {
    const marketId = `m-${m}`;
    const market = [
      aMarketRegistered({ marketId, lots: [{ lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 100_000_000 }, { lotId: 'lot-2', title: 'Peinture', estimatedAmountCents: 30_000_000 }] }),
      aClauseDefined({ marketId }), aClauseDefined({ marketId, lotId: 'lot-2', targetHours: 350 }),
      aClauseAccepted({ marketId }), aClauseAccepted({ marketId, lotId: 'lot-2', companyId: '44306184100047', targetHours: 350, committedHours: 350 }),
    ];
    await store.appendToStream(`market-${marketId}`, market.map(asData), { expectedRevision: 'no_stream' });
    events += market.length;
    for (let p = 0; p < 10; p++) {
      const lotId = p < 6 ? 'lot-1' : 'lot-2';
      const ref = { placementId: `${marketId}-p${p}`, marketId, lotId, beneficiaryId: `b-${m}-${p}`, companyId: lotId === 'lot-1' ? '73282932000074' : '44306184100047' };
      await store.appendToStream(`beneficiary-${ref.beneficiaryId}`, [asData(anEligibilityValidated({ beneficiaryId: ref.beneficiaryId }))], { expectedRevision: 'any' });
      const placement: DomainEvent[] = [aBeneficiaryPlaced({ ...ref, startDate: '2026-01-05' })];
      for (let i = 0; i < 4 + ((m + p) % 16); i++) placement.push(anHoursDeclared({ ...ref, month: month(i), hours: 100 + ((m + p + i) % 50) + 0.25 }));
      await store.appendToStream(`placement-${ref.placementId}`, placement.map(asData), { expectedRevision: 'no_stream' });
      events += placement.length + 1;
    }
    if (m % 100 === 99) {
      await store.appendToStream('clock', [asData({ type: 'ClockTicked', version: 1, data: { date: `${month(Math.floor(m / 100) % 24)}-28` } } as DomainEvent)], { expectedRevision: 'any' });
      events++;
    }
  }
  return events;
}

/** One 10-year market: `placements` placements declaring up to 120 months each (from their start month on), ten clock ticks. */
export async function seedBigMarket(store: SqliteEventStore, placements: number, months = 120): Promise<number> {
  const marketId = 'big';
  const head = [aMarketRegistered({ marketId, executionStart: '2026-01-01', executionEnd: '2035-12-31' }), aClauseDefined({ marketId, targetHours: 400_000 }), aClauseAccepted({ marketId, targetHours: 400_000, committedHours: 400_000 })];
  await store.appendToStream(`market-${marketId}`, head.map(asData), { expectedRevision: 'no_stream' });
  let events = head.length;
  const refs = Array.from({ length: placements }, (_, p) => ({ placementId: `big-p${p}`, marketId, lotId: 'lot-1', beneficiaryId: `bb-${p}`, companyId: '73282932000074' }));
  // one append per placement (seeding speed); a rebuild folds the same events whatever their interleaving
  for (const [p, ref] of refs.entries()) {
    const declared = Array.from({ length: months - (p % months) }, (_, i) => anHoursDeclared({ ...ref, month: month(p % months + i), hours: 151.67 }));
    await store.appendToStream(`placement-${ref.placementId}`, [aBeneficiaryPlaced({ ...ref, startDate: '2026-01-01', plannedEndDate: '2035-12-31' }), ...declared].map(asData), { expectedRevision: 'no_stream' });
    events += 1 + declared.length;
    if (p % 300 === 299) {
      await store.appendToStream('clock', [asData({ type: 'ClockTicked', version: 1, data: { date: `${month(Math.floor(p / 300))}-28` } } as DomainEvent)], { expectedRevision: 'any' });
      events++;
    }
  }
  return events;
}


/** Runs in a child process (its peak RSS is the rebuild's own): raw read-all rate, then every read model from zero. */
async function rebuildChild(dir: string): Promise<void> {
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  let started = process.hrtime.bigint();
  let read = 0;
  for (let after = START; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1].position;
  }
  const rawSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const readModels = ReadModelStore.open(join(dir, `read-models-${randomUUID()}.db`));
  const runners = allProjections().map((p) => new ProjectionRunner(store, readModels, p));
  started = process.hrtime.bigint();
  await rebuildAll(runners);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  readModels.close();
  await store.close();
  const run: RebuildRun = { events: read, rawPerSecond: read / rawSeconds, seconds, perSecond: read / seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  if (process.send) process.send(run);
  else console.log(run);
}

async function rebuildAll(runners: ProjectionRunner<unknown>[]): Promise<void> {
  if (process.env.BENCH_ONE_BY_ONE) for (const runner of runners) await runner.rebuild();
  else await ProjectionRunner.rebuildAll(runners);
}

interface RebuildRun { events: number; rawPerSecond: number; seconds: number; perSecond: number; peakRssMiB: number }

function rebuildInChild(dir: string): Promise<RebuildRun> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['rebuild-child', dir], { stdio: 'inherit' });
    child.once('message', (m) => resolve(m as RebuildRun));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`rebuild child exited with ${code}`))));
  });
}

async function seeded(seed: (store: SqliteEventStore) => Promise<number>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-rebuild-'));
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  await seed(store);
  await store.close();
  return dir;
}

const fmt = (r: RebuildRun) => `${r.events} events in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(0)} events/s (raw read-all ${r.rawPerSecond.toFixed(0)} events/s, ratio ${(r.perSecond / r.rawPerSecond).toFixed(2)}), peak RSS ${r.peakRssMiB.toFixed(0)} MiB`;

/** The read side's figures (issue 13 targets 2-rebuild, 4), printed as measured and returned for the final table. */
export async function readSideFigures(): Promise<Figure[]> {
  const million = Number(process.env.BENCH_REBUILD_ALL_EVENTS ?? 1_000_000);
  const bigPlacements = Number(process.env.BENCH_BIG_PLACEMENTS ?? 3_000);
  const dirs: string[] = [];
  try {
    dirs.push(await seeded((s) => seedManyMarkets(s, 100_000)), await seeded((s) => seedManyMarkets(s, million)), await seeded((s) => seedBigMarket(s, bigPlacements)));
    const [small, large, big] = [await rebuildInChild(dirs[0]), await rebuildInChild(dirs[1]), await rebuildInChild(dirs[2])];
    console.log(`rebuild of every read model (${allProjections().map((p) => p.name).join(', ')}) from zero, in a child process`);
    console.log(`  100k events, many markets:        ${fmt(small)}`);
    console.log(`  1 M events, many markets:         ${fmt(large)}`);
    console.log(`  one market, ${bigPlacements} placements:    ${fmt(big)}\n`);
    const figures: Figure[] = [
      { name: 'rebuild 1 M events, all read models', value: large.seconds, unit: 's', target: '< 5 s', met: large.seconds < 5 },
      { name: 'rebuild rate / raw read-all rate', value: large.perSecond / large.rawPerSecond, unit: '×', target: '≥ 0.5', met: large.perSecond / large.rawPerSecond >= 0.5 },
      { name: 'rebuild peak RSS (1 M events)', value: large.peakRssMiB, unit: 'MiB', target: '< 500 MiB', met: large.peakRssMiB < 500 },
      { name: 'rebuild events/s at 100k', value: small.perSecond, unit: 'events/s', target: 'linear', met: true },
      { name: 'rebuild events/s at 1 M (÷ 100k rate)', value: large.perSecond / small.perSecond, unit: '×', target: '≥ 0.8 (linear)', met: large.perSecond / small.perSecond >= 0.8 },
      { name: `rebuild events/s, one ${bigPlacements}-placement market (÷ 100k rate)`, value: big.perSecond / small.perSecond, unit: '×', target: '≥ 0.8 (linear)', met: big.perSecond / small.perSecond >= 0.8 },
    ];
    for (const f of figures) console.log(`  ${f.name}: ${f.value.toFixed(2)} ${f.unit} (target ${f.target}): ${f.met ? 'met' : 'NOT met'}`);
    console.log();
    return figures;
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'rebuild-child') {
  rebuildChild(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else if (require.main === module) {
  readSideFigures().then(() => undefined).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
