import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { BilanDoc, BilanMemo, BilanPlacementDoc, BilanPlacementMonthsDoc, ProjectionRunner, ReadModelStore, bilanProjection, marketBilan, marketBilanSources, placementMonthsKey } from '@clause-ledger/projections';
import { BilanBytes } from '../apps/api/src/bilans/bilan-bytes';
import { figuresCsv } from '../apps/api/src/bilans/bilan-csv';
import { BilanFormat, ReadModelSnapshot } from '../apps/api/src/bilans/bilan-rendering';
import { seedBilanMarket } from './bilan';

/**
 * A profiling aid for the bilan of one big market (not part of `npm run bench`): seeds it and builds
 * the bilans read model alone (or takes a data dir the bilan bench kept, BENCH_BILAN_DIR), times each
 * step of a from-scratch bilan, then reads and renders each format through the worker's code.
 * Usage: node --cpu-prof dist-bench/bench/profile-bilan.js [placements | data dir]
 */
async function main(arg: string): Promise<void> {
  const kept = existsSync(join(arg, 'read-models.db')) ? arg : undefined;
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'clause-ledger-profile-bilan-'));
  try {
    if (!kept) await build(dir, Number(arg));
    for (let i = 0; i < 3; i++) steps(join(dir, 'read-models.db'));
    afterDeclarations(join(dir, 'read-models.db'));
    const snapshot = new ReadModelSnapshot(join(dir, 'read-models.db'));
    for (let i = 0; i < 3; i++) {
      for (const format of ['json', 'csv', 'pdf'] as BilanFormat[]) {
        const t0 = performance.now();
        const rendered = (await snapshot.render({ kind: 'bilan', marketId: 'big', format }))!;
        console.log(`${format}: read, computed and rendered in ${(performance.now() - t0).toFixed(0)} ms, ${(rendered.length / 1e6).toFixed(2)} MB`);
      }
    }
    snapshot.close();
  } finally {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

async function build(dir: string, placements: number): Promise<void> {
  await seedBilanMarket(dir, placements);
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  const readModels = ReadModelStore.open(join(dir, 'read-models.db'));
  await new ProjectionRunner(store, readModels, bilanProjection).rebuild();
  readModels.close();
  await store.close();
}

/** A from-scratch bilan of market `big`, step by step: SQLite reads, JSON.parse, figures, JSON, CSV. */
function steps(file: string): void {
  const db = new Database(file);
  const under = db.prepare('SELECT key, doc FROM documents WHERE projection = ? AND key >= ? AND key < ?');
  const many = db.prepare('SELECT key, doc FROM documents WHERE projection = ? AND key IN (SELECT value FROM json_each(?))');
  const times: string[] = [];
  let t = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    times.push(`${step} ${(now - t).toFixed(0)}`);
    t = now;
  };
  // as the worker reads: the market's year documents, its placements, their beneficiaries, each in one query
  const raw = new Map<string, string>();
  const parsed = new Map<string, BilanDoc>();
  const keep = (rows: unknown[]) => {
    for (const { key, doc } of rows as { key: string; doc: string }[]) {
      raw.set(key, doc);
      parsed.set(key, JSON.parse(doc) as BilanDoc);
    }
  };
  marketBilanSources('big', (key) => {
    if (!parsed.has(key)) keep(many.all(bilanProjection.name, JSON.stringify([key])));
    return parsed.get(key);
  }, {
    under: (prefix) => keep(under.all(bilanProjection.name, prefix, `${prefix}\uffff`)),
    keys: (keys) => keep(many.all(bilanProjection.name, JSON.stringify(keys))),
  });
  lap('read');
  const again = new Map([...raw].map(([k, v]) => [k, JSON.parse(v) as BilanDoc]));
  lap('parse');
  const bilan = marketBilan(marketBilanSources('big', (key) => again.get(key))!);
  lap('figures');
  const json = JSON.stringify(bilan);
  lap('JSON.stringify');
  Buffer.from(json);
  lap('Buffer.from(json)');
  const csv = figuresCsv(bilan);
  lap('figuresCsv');
  Buffer.from(csv);
  lap('Buffer.from(csv)');
  console.log(`from scratch, ms: ${times.join(', ')}`);
  db.close();
}

/**
 * What a worker does after a declaration: the same documents but one placement's, with the memo and
 * the encoded lists of the previous computation (each step timed, the bytes checked against a from-scratch bilan).
 */
function afterDeclarations(file: string): void {
  const db = new Database(file);
  const get = db.prepare('SELECT doc FROM documents WHERE projection = ? AND key = ?');
  const docs = new Map<string, BilanDoc>();
  const read = (key: string) => {
    if (!docs.has(key)) docs.set(key, JSON.parse((get.get(bilanProjection.name, key) as { doc: string }).doc) as BilanDoc);
    return docs.get(key);
  };
  const memo = new BilanMemo();
  const bytes = new BilanBytes();
  for (let i = 0; i < 6; i++) {
    const id = `big-p${11 + i}`;
    const placement = read(`placement:${id}`) as BilanPlacementDoc;
    const known = placement.years.includes('2026');
    const year = known ? read(placementMonthsKey('big', id, '2026')) as BilanPlacementMonthsDoc : { kind: 'placement-months' as const, months: {} };
    docs.set(placementMonthsKey('big', id, '2026'), { ...year, months: { ...year.months, '2026-01': { centi: 1000, eventIds: [randomUUID()] } } });
    if (!known) docs.set(`placement:${id}`, { ...placement, years: ['2026', ...placement.years] });
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = (now - t).toFixed(0);
      t = now;
      return ms;
    };
    const bilan = marketBilan(marketBilanSources('big', read)!, memo);
    const computed = lap();
    const json = Buffer.concat(bytes.jsonOf(bilan, 'big'));
    const encoded = lap();
    const csv = Buffer.concat(bytes.csvOf(bilan, 'big'));
    const csvEncoded = lap();
    const same = json.equals(Buffer.from(JSON.stringify(marketBilan(marketBilanSources('big', read)!)))) && csv.equals(Buffer.from(figuresCsv(bilan)));
    console.log(`after a declaration, ms: figures ${computed}, JSON ${encoded}, CSV ${csvEncoded}; same bytes as from scratch: ${same}`);
  }
  db.close();
}

main(process.argv[2] ?? '3000').catch((error) => {
  console.error(error);
  process.exit(1);
});
