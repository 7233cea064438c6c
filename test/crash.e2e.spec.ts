import { join } from 'node:path';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, alertsProjection, bilanProjection, executionTrackingProjection } from '@clause-ledger/projections';
import { loadConfig } from '../apps/api/src/config/app-config';
import { ApiProcess } from './support/api-process';
import { readEventLog } from './support/event-log';
import { seedMarketStory } from './support/seed-story';
import { FACILITATOR, tempDir, tokenFor } from './support/test-api';
import * as story from './support/market-story';

/**
 * 8 clients declare monthly hours with Idempotency-Keys while the API, a separate process, is killed with SIGKILL
 * 5 times and restarted on the same data dir; each client retries a request with the same key until it gets a
 * 2xx or a 4xx. Then the log, the tracking, the bilan and the read models must agree.
 */
const CLIENTS = 8;
const KILLS = 5;
const TODAY = '2027-06-15';
/** 2026-02 to 2027-05: 16 months a placement from 2026-02-02 to 2027-06-30 can count */
const MONTHS = Array.from({ length: 16 }, (_, i) => `${2026 + Math.floor((i + 1) / 12)}-${String(((i + 1) % 12) + 1).padStart(2, '0')}`);
const { marketId } = story.market;

interface Reply { status: number; body: any; replayed: boolean }

describe('hours declared by 8 clients while the API is killed 5 times', () => {
  const dir = tempDir('crash');
  const env = { DATA_DIR: dir.path, FIXED_TODAY: TODAY, RATE_LIMIT_PER_MINUTE: '0' };
  let authorization = '';
  let api: ApiProcess;
  let failedAttempts = 0;

  /** One attempt against whichever process is up now; undefined when the connection failed or timed out. */
  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply | undefined> {
    try {
      const response = await fetch(`${api.url}${path}`, {
        method, signal: AbortSignal.timeout(10_000),
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, replayed: response.headers.get('idempotent-replayed') === 'true' };
    } catch {
      return undefined;
    }
  }

  /** The same request with the same key until the API answers it with a 2xx or a 4xx. */
  async function untilAnswered(method: string, path: string, body: unknown, key: string): Promise<Reply> {
    for (;;) {
      const reply = await send(method, path, body, { 'idempotency-key': key });
      if (reply && reply.status < 500) return reply;
      failedAttempts++;
      await new Promise((resolve) => setTimeout(resolve, 20)); // the server is down or restarting: try again shortly
    }
  }

  afterAll(async () => {
    await api?.kill();
    dir.remove();
  });

  it('counts every acknowledged declaration exactly once, and tracking, bilan, log and read models agree', async () => {
    api = await ApiProcess.start(env);
    // the first start created the embedded issuer's key: the clients sign as the story's facilitator
    authorization = `Bearer ${await tokenFor(dir.path, FACILITATOR)}`;
    await seedMarketStory({ post: async (path, body) => (await send('POST', path, body))!, put: async (path, body) => (await send('PUT', path, body))! });
    const placements = Array.from({ length: CLIENTS }, (_, c) => `plc-crash-${c}`);
    for (const [c, placementId] of placements.entries()) {
      const beneficiaryId = `ben-crash-${c}`;
      for (const [path, body] of [
        ['/beneficiaries', { ...story.beneficiary, beneficiaryId }],
        [`/beneficiaries/${beneficiaryId}/eligibilities`, story.eligibility],
        ['/placements', { ...story.placement, placementId, beneficiaryId, startDate: '2026-02-02', plannedEndDate: '2027-06-30' }],
      ] as const) expect((await send('POST', path, body))?.status).toBe(201);
    }

    const acknowledged = new Map<string, number>(); // "placement month" -> hours
    const refused: string[] = [];
    let replays = 0;
    const client = async (c: number) => {
      for (const [m, month] of MONTHS.entries()) {
        const hours = 100 + c + m / 4;
        const reply = await untilAnswered('POST', `/placements/${placements[c]}/hours`, { month, hours, source: 'PAYSLIP' }, `crash-${c}-${month}`);
        if (reply.replayed) replays++;
        if (reply.status < 300) acknowledged.set(`${placements[c]} ${month}`, hours);
        else refused.push(`${placements[c]} ${month}: ${reply.status} ${JSON.stringify(reply.body)}`);
      }
    };
    const total = CLIENTS * MONTHS.length;
    const killer = async () => {
      for (let kill = 1; kill <= KILLS; kill++) {
        // mid-load: each kill once a further sixth of the declarations was acknowledged
        while (acknowledged.size + refused.length < (total * kill) / (KILLS + 1)) await new Promise((resolve) => setTimeout(resolve, 5));
        await api.kill();
        api = await ApiProcess.start(env);
      }
    };
    await Promise.all([killer(), ...Array.from({ length: CLIENTS }, (_, c) => client(c))]);

    const events = await readEventLog(dir.path);
    const declared = events.filter((e) => e.type === 'HoursDeclared' && placements.includes((e.data as any).placementId));
    const perMonth = new Map<string, number[]>();
    for (const e of declared) {
      const key = `${(e.data as any).placementId} ${(e.data as any).month}`;
      perMonth.set(key, [...(perMonth.get(key) ?? []), (e.data as any).hours]);
    }
    const lost = [...acknowledged.keys()].filter((key) => !perMonth.has(key));
    const doubled = [...perMonth].filter(([, list]) => list.length > 1).map(([key]) => key);
    const unacknowledged = [...perMonth.keys()].filter((key) => !acknowledged.has(key));
    process.stdout.write(
      `crash: ${acknowledged.size} declarations acknowledged, ${KILLS} kills, ${lost.length} lost, ${doubled.length} double-counted, ${refused.length} refused ` +
      `(${failedAttempts} attempts cut by a kill, ${replays} answered by an idempotent replay)\n`);
    expect(failedAttempts).toBeGreaterThan(0); // the kills did hit the load
    expect({ refused, lost, doubled, unacknowledged }).toEqual({ refused: [], lost: [], doubled: [], unacknowledged: [] });
    expect([...perMonth].map(([key, [hours]]) => [key, hours])).toEqual(expect.arrayContaining([...acknowledged]));
    expect(acknowledged.size).toBe(total);

    const allHours = events.filter((e) => e.type === 'HoursDeclared' && (e.data as any).marketId === marketId).reduce((sum, e) => sum + Math.round((e.data as any).hours * 100), 0) / 100;
    const tracking = (await send('GET', `/markets/${marketId}/tracking`))!;
    const bilan = (await send('GET', `/markets/${marketId}/bilan`))!;
    expect({ tracking: tracking.body.hoursDone, bilan: bilan.body.totals.hoursDone.value }).toEqual({ tracking: allHours, bilan: allHours });

    await api.stop();
    const live = ReadModelStore.open(join(dir.path, 'read-models.db'));
    const rebuilt = ReadModelStore.open(':memory:');
    const store = await SqliteEventStore.open(join(dir.path, 'events.db'));
    try {
      for (const projection of [executionTrackingProjection, alertsProjection(loadConfig({ DATA_DIR: dir.path }).alertRules), bilanProjection]) {
        await new ProjectionRunner(store, rebuilt, projection as ProjectionRunner<unknown>['projection']).rebuild();
        expect({ [projection.name]: rebuilt.list(projection.name) }).toEqual({ [projection.name]: live.list(projection.name) });
      }
    } finally {
      await store.close();
      live.close();
      rebuilt.close();
    }
  }, 420_000); // ~30 s on an idle 2-core machine: the bound only matters when the machine is saturated
});
