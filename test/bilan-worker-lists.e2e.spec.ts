import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isSharedArrayBuffer } from 'node:util/types';
import { DomainEvent } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketRegistered, anHoursCorrected, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { Position, SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, bilanProjection } from '@clause-ledger/projections';
import { RENDERED_READ_MODELS, ReadModelSnapshot, RenderRequest, bytesOf } from '../apps/api/src/bilans/bilan-rendering';
import { ReadModelChanges } from '../apps/api/src/bilans/read-model-changes';
import { WorkerPool } from '../apps/api/src/bilans/render-worker-pool';
import { tempDir } from './support/test-api';

/**
 * A market whose figures list hundreds of event ids, rendered by the worker script in a thread of its
 * own while the bilans read model follows the log live: the lists come back in shared memory, and
 * after each change the worker (reading only what the journal names) sends what a rendering from
 * scratch gives.
 */
describe('the bilan worker on a market with long lists of event ids', () => {
  const dir = tempDir('bilan-worker-lists');
  const readModelsFile = join(dir.path, 'read-models.db');
  let store: SqliteEventStore;
  let readModels: ReadModelStore;
  let runner: ProjectionRunner<unknown>;
  let pool: WorkerPool;
  const changes = new ReadModelChanges(RENDERED_READ_MODELS);
  const ref = (p: number) => ({ placementId: `p-${p}`, beneficiaryId: `b-${p}` });
  const months = Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}`);
  const requests: RenderRequest[] = [{ kind: 'bilan', marketId: 'm-1', format: 'json' }, { kind: 'bilan', marketId: 'm-1', format: 'csv' }];

  const append = async (events: DomainEvent[]): Promise<Position> =>
    (await store.appendToStream(`s-${randomUUID()}`, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version } })), { expectedRevision: 'any' })).position;

  beforeAll(async () => {
    store = await SqliteEventStore.open(join(dir.path, 'events.db'));
    readModels = ReadModelStore.open(readModelsFile);
    await append([aCompanyRegistered(), aMarketRegistered(), aClauseDefined({ targetHours: 9000 }), aClauseAccepted({ targetHours: 9000 })]);
    for (let p = 0; p < 60; p++) await append([aBeneficiaryPlaced(ref(p)), ...months.slice(p % 3).map((month) => anHoursDeclared({ ...ref(p), month, hours: 12.5 }))]);
    runner = new ProjectionRunner(store, readModels, bilanProjection, { onCommitted: (batch) => changes.record(batch) }) as ProjectionRunner<unknown>;
    await runner.start();
    pool = new WorkerPool(join(__dirname, 'support', 'ts-worker.js'), {
      readModelsFile, tsEntry: join(__dirname, '..', 'apps', 'api', 'src', 'bilans', 'bilan-render.worker.ts'),
    }, 1);
  });
  afterAll(async () => {
    await pool?.close();
    await runner?.stop();
    readModels?.close();
    await store?.close();
    dir.remove();
  });

  const steps: [string, DomainEvent[]][] = [
    ['first', []],
    ['a declaration', [anHoursDeclared({ ...ref(1), month: '2026-01', hours: 3 })]],
    ['a correction', [anHoursCorrected({ ...ref(7), month: '2026-05', hours: 4.5 })]],
    ['two declarations', [anHoursDeclared({ ...ref(2), month: '2026-01', hours: 1 }), anHoursDeclared({ ...ref(2), month: '2026-02', hours: 2 })]],
    // a year's document of its own: the placement's document is written too (it lists the new year)
    ['a declaration in a new year', [anHoursDeclared({ ...ref(4), month: '2027-01', hours: 6 })]],
    // only the year's document is written: the worker must still see the placement changed
    ['a correction in that year', [anHoursCorrected({ ...ref(4), month: '2027-01', previousHours: 6, hours: 5.5 })]],
  ];

  it.each(steps)('sends the bytes of a rendering from scratch, %s', async (_, events) => {
    if (events.length) expect(await runner.waitFor(await append(events), 10_000)).toBe(true);
    const rendered = await Promise.all(requests.map((request) => pool.run(request, () => changes.journal())));
    const fromScratch = new ReadModelSnapshot(readModelsFile);
    try {
      for (const [i, request] of requests.entries()) {
        const expected = (await fromScratch.render(request))!;
        expect(rendered[i]!.position).toBe(expected.position);
        expect(bytesOf(rendered[i]!).toString()).toBe(bytesOf(expected).toString());
        expect(rendered[i]!.parts.some((part) => isSharedArrayBuffer(part.buffer))).toBe(true);
      }
    } finally {
      fromScratch.close();
    }
  });
});
