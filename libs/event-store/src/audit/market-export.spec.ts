import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '../embedded/sqlite-event-store';
import { loadAuditSigningKey } from './audit-signing-key';
import { signCheckpoint } from './checkpoints';
import { exportAuditTrail } from './market-export';

const run = promisify(execFile);
/** Runs the export's own verify.mjs with plain node, as an auditor would: exit code and output. */
async function verifyExport(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [join(dir, 'verify.mjs')], { cwd: tmpdir() });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('an audit export re-verifies with the instructions it carries', () => {
  let dir: string;
  let store: SqliteEventStore;
  let out: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-export-'));
    out = join(dir, 'export');
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    const append = (s: string, type: string, data: unknown, expectedRevision: 'any' | 'no_stream' = 'any') =>
      store.appendToStream(s, [{ id: randomUUID(), type, data, metadata: { actor: { userId: 'c.lefevre' } } }], { expectedRevision });
    await append('market-m1', 'MarketRegistered', { marketId: 'm1', title: 'Réhabilitation « Les Fourches »' }, 'no_stream');
    await append('market-m2', 'MarketRegistered', { marketId: 'm2' }, 'no_stream');
    await append('placement-p1', 'BeneficiaryPlaced', { placementId: 'p1', marketId: 'm1' }, 'no_stream');
    await append('placement-p1', 'HoursDeclared', { month: '2026-01', hours: 15167 });
    await append('placement-p2', 'BeneficiaryPlaced', { placementId: 'p2', marketId: 'm2' }, 'no_stream');
    const key = await loadAuditSigningKey(dir);
    await signCheckpoint(store, key, '2026-11-23');
    await append('placement-p1', 'HoursCorrected', { month: '2026-01', hours: 14000, reason: 'bulletin rectifié' });
    await signCheckpoint(store, key, '2026-11-24');
    const concerns = (e: { streamId: string }) => ['market-m1', 'placement-p1'].includes(e.streamId);
    const summary = await exportAuditTrail(store, concerns, { dir: out, title: 'm1', jwks: key.jwks });
    expect(summary).toMatchObject({ events: 4, logEvents: 8, checkpoints: 2, head: '8/8' });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the events, their hashes, the trail, the checkpoints, the key and a README in French and English', () => {
    const lines = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { position: string; type: string; hash: string });
    expect(lines.map((l) => `${l.position} ${l.type}`)).toEqual(['1/1 MarketRegistered', '3/3 BeneficiaryPlaced', '4/4 HoursDeclared', '7/7 HoursCorrected']);
    expect(lines.every((l) => /^[0-9a-f]{64}$/.test(l.hash))).toBe(true);
    expect(readFileSync(join(out, 'log-hashes.txt'), 'utf8').trim().split('\n')).toHaveLength(8);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('node verify.mjs');
    expect(readme).toMatch(/## Français[\s\S]*## English/);
  });

  it('its verify.mjs, run with plain node, passes on the export as written', async () => {
    const { code, out: said } = await verifyExport(out);
    expect(said).toMatch(/^OK: 2 streams, 8 log positions/m);
    expect(code).toBe(0);
  });

  it('fails after one exported line was altered, naming that line', async () => {
    const copy = join(dir, 'altered');
    await exportAuditTrail(store, (e) => e.streamId === 'placement-p1', { dir: copy, title: 'm1', jwks: (await loadAuditSigningKey(dir)).jwks });
    const file = join(copy, 'events.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"hours":15167', '"hours":15168'));
    const { code, out: said } = await verifyExport(copy);
    expect(code).toBe(1);
    expect(said).toMatch(/FAILED events\.jsonl line 2 \(position 4\/4, placement-p1@1\): its content does not give its hash/);
  });

  it('fails when the trail of hashes was rewritten: the signed checkpoints after it no longer match', async () => {
    const copy = join(dir, 'forged');
    await exportAuditTrail(store, () => false, { dir: copy, title: 'm1', jwks: (await loadAuditSigningKey(dir)).jwks });
    const trail = join(copy, 'log-hashes.txt');
    writeFileSync(trail, readFileSync(trail, 'utf8').replace(/^2\/2 [0-9a-f]{64}$/m, `2/2 ${'a'.repeat(64)}`));
    const { code, out: said } = await verifyExport(copy);
    expect(code).toBe(1);
    expect(said).toMatch(/FAILED checkpoints\.jsonl line 1 \(2026-11-23, position 5\/5\): the signed digest is not the log's/);
    expect(said).toMatch(/FAILED checkpoints\.jsonl line 2 \(2026-11-24, position 7\/7\)/);
  });
});
