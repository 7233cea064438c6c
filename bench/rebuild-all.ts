import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, SqliteEventStore, START } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, allProjections } from '@clause-ledger/projections';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketClosed, aMarketRegistered, anEligibilityValidated, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { DomainEvent, addMonths } from '@clause-ledger/domain';

const asData = (e: DomainEvent): EventData => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version } });
const month = (m: number) => addMonths('2026-01-01', m).slice(0, 7);

export interface Figure { name: string; value: number; unit: string; target: string; met: boolean }

/**
 * How the clock moves in seedManyMarkets. 'forward' (from session 4 on): as in production, the clock
 * only moves forward, each market's dates start at the month it is registered in, and it is closed
 * at the first tick after its execution ends (the clock then follows it 18 more months for its
 * follow-ups). 'session-3': the log of earlier runs, kept to compare with them: every market dated
 * January 2026, none ever closed, and the tick's date wrapping back after 24 months (which the API
 * refuses with 409): every market registered stays under the clock to the end of the log.
 */
export type SeedClock = 'forward' | 'session-3';

/**
 * Many markets as facilitators fill them: two lots, ten placements with an eligibility and up to
 * 19 months of hours each, and a clock tick every 100 markets (a month later than the last), which
 * touches every market under the clock.
 */
export async function seedManyMarkets(store: SqliteEventStore, targetEvents: number, clock: SeedClock = 'forward'): Promise<number> {
  let events = 0;
  const append = async (streamId: string, domainEvents: readonly DomainEvent[], expectedRevision: 'no_stream' | 'any') => {
    await store.appendToStream(streamId, domainEvents.map(asData), { expectedRevision });
    events += domainEvents.length;
  };
  /** Markets not closed yet, registered in month order: [marketId, executionEnd]. */
  const open: [string, string][] = [];
  for (let m = 0; events < targetEvents; m++) {
    const marketId = `m-${m}`;
    // the month of the clock: every date of the market is the fixtures' (January 2026) that many months later
    const k = clock === 'forward' ? Math.floor(m / 100) : 0;
    const at = (date: string) => addMonths(date, k);
    const executionEnd = at('2027-06-30');
    await append(`market-${marketId}`, [
      aMarketRegistered({
        marketId, executionStart: at('2026-01-05'), executionEnd, registeredOn: at('2026-01-02'),
        lots: [{ lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 100_000_000 }, { lotId: 'lot-2', title: 'Peinture', estimatedAmountCents: 30_000_000 }],
      }),
      aClauseDefined({ marketId, definedOn: at('2026-01-03') }), aClauseDefined({ marketId, lotId: 'lot-2', targetHours: 350, definedOn: at('2026-01-03') }),
      aClauseAccepted({ marketId, acceptedOn: at('2026-01-04') }),
      aClauseAccepted({ marketId, lotId: 'lot-2', companyId: '44306184100047', targetHours: 350, committedHours: 350, acceptedOn: at('2026-01-04') }),
    ], 'no_stream');
    open.push([marketId, executionEnd]);
    for (let p = 0; p < 10; p++) {
      const lotId = p < 6 ? 'lot-1' : 'lot-2';
      const ref = { placementId: `${marketId}-p${p}`, marketId, lotId, beneficiaryId: `b-${m}-${p}`, companyId: lotId === 'lot-1' ? '73282932000074' : '44306184100047' };
      const validated = anEligibilityValidated({ beneficiaryId: ref.beneficiaryId, validatedOn: at('2026-02-02'), validUntil: at('2026-08-02') });
      await append(`beneficiary-${ref.beneficiaryId}`, [validated], 'any');
      const { criteria, validatedOn, validUntil } = validated.data;
      const placement: DomainEvent[] = [aBeneficiaryPlaced({
        ...ref, startDate: at('2026-01-05'), plannedEndDate: at('2026-12-18'), placedOn: at('2026-03-01'), eligibility: { criteria, validatedOn, validUntil },
      })];
      for (let i = 0; i < 4 + ((m + p) % 16); i++) {
        const declaredOn = clock === 'forward' ? { declaredOn: addMonths('2026-02-02', k + i) } : {};
        placement.push(anHoursDeclared({ ...ref, month: month(k + i), hours: 100 + ((m + p + i) % 50) + 0.25, ...declaredOn }));
      }
      await append(`placement-${ref.placementId}`, placement, 'no_stream');
    }
    if (m % 100 !== 99) continue;
    const today = `${month(clock === 'forward' ? k : Math.floor(m / 100) % 24)}-28`;
    // the facilitator closes each market whose execution has ended
    while (clock === 'forward' && open.length > 0 && open[0][1] < today) {
      const [closing] = open.shift()!;
      await append(`market-${closing}`, [aMarketClosed({ marketId: closing, closedOn: today })], 'any');
    }
    await append('clock', [{ type: 'ClockTicked', version: 1, data: { date: today } } as DomainEvent], 'any');
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
  // the log of sessions 1-3 (clock wrapping back, no market ever closed), printed for comparison with their runs; 0: skipped
  const session3 = Number(process.env.BENCH_REBUILD_SESSION3_EVENTS ?? million);
  const dirs: string[] = [];
  try {
    dirs.push(await seeded((s) => seedManyMarkets(s, 100_000)), await seeded((s) => seedManyMarkets(s, million)), await seeded((s) => seedBigMarket(s, bigPlacements)));
    const [small, large, big] = [await rebuildInChild(dirs[0]), await rebuildInChild(dirs[1]), await rebuildInChild(dirs[2])];
    console.log(`rebuild of every read model (${allProjections().map((p) => p.name).join(', ')}) from zero, in a child process`);
    console.log(`  100k events, many markets:        ${fmt(small)}`);
    console.log(`  1 M events, many markets:         ${fmt(large)}`);
    console.log(`  one market, ${bigPlacements} placements:    ${fmt(big)}`);
    if (session3 > 0) {
      dirs.push(await seeded((s) => seedManyMarkets(s, session3, 'session-3')));
      console.log(`  session-3 log (${session3} events, the clock wrapping back, no market closed): ${fmt(await rebuildInChild(dirs[3]))}`);
    }
    console.log();
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

/** `seed <dir> <events | big:placements> [forward | session-3]`: a log kept on disk, to rebuild again and again (profiles, before/after). */
async function seedOnDisk(dir: string, what: string, clock: SeedClock = 'forward'): Promise<void> {
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  const events = what.startsWith('big:') ? await seedBigMarket(store, Number(what.slice(4))) : await seedManyMarkets(store, Number(what), clock);
  await store.close();
  console.log(`${events} events in ${dir}`);
}

const failed = (error: unknown) => {
  console.error(error);
  process.exit(1);
};

if (process.argv[2] === 'rebuild-child') rebuildChild(process.argv[3]).catch(failed);
else if (process.argv[2] === 'seed') seedOnDisk(process.argv[3], process.argv[4], process.argv[5] as SeedClock | undefined).catch(failed);
else if (require.main === module) readSideFigures().then(() => undefined).catch(failed);
