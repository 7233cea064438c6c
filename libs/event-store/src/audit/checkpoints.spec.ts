import Database from 'libsql';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../embedded/sqlite-event-store';
import { nextDigest } from '../chain/event-chain';
import { loadAuditSigningKey } from './audit-signing-key';
import { CHECKPOINT_STREAM, CheckpointRefusedError, checkSignature, readCheckpoints, signCheckpoint, verifyStore } from './checkpoints';

describe('signed checkpoints of the global digest', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-checkpoint-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    for (let n = 0; n < 3; n++) await store.appendToStream(`market-${n}`, [{ id: randomUUID(), type: 'MarketRegistered', data: { n } }], { expectedRevision: 'no_stream' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs the digest at the head with an owner-only Ed25519 key; the public JWK set alone verifies it', async () => {
    const key = await loadAuditSigningKey(dir);
    expect(statSync(join(dir, 'keys', 'audit-signing-key.json')).mode & 0o777).toBe(0o600);
    const checkpoint = await signCheckpoint(store, key, '2026-11-24');
    expect(checkpoint).toMatchObject({ position: '3/3', date: '2026-11-24', keyId: key.keyId, storeId: await store.storeIdentity() });
    expect(JSON.stringify(key.jwks)).not.toContain('"d"');
    expect(await checkSignature(checkpoint.jws, key.jwks)).toEqual({ storeId: checkpoint.storeId, position: '3/3', digest: checkpoint.digest, date: '2026-11-24' });
    expect(await readCheckpoints(store)).toEqual([checkpoint]);
    const report = await verifyStore(store, key.jwks);
    expect(report.ok).toBe(true);
    expect(report.checkpoints).toEqual([expect.objectContaining({ position: '3/3', ok: true })]);
    expect((await loadAuditSigningKey(dir)).keyId).toBe(key.keyId); // kept, not re-created
  });

  it('fails when the log was altered before the checkpoint, even when the hashes were recomputed to match', async () => {
    const key = await loadAuditSigningKey(dir);
    await signCheckpoint(store, key, '2026-11-24');
    // a careful forger rewrites the data and every hash and digest after it: only the signed digest remembers
    const forged = await SqliteEventStore.open(join(dir, 'forged.db'));
    for (let n = 0; n < 3; n++) await forged.appendToStream(`market-${n}`, [{ id: randomUUID(), type: 'MarketRegistered', data: { n: n === 1 ? 9 : n } }], { expectedRevision: 'no_stream' });
    await forged.close();
    const db = new Database(join(dir, 'events.db'));
    db.exec(`ATTACH '${join(dir, 'forged.db')}' AS forged;
      UPDATE events SET data = (SELECT data FROM forged.events f WHERE f.position = events.position),
                        hash = (SELECT hash FROM forged.events f WHERE f.position = events.position),
                        digest = (SELECT digest FROM forged.events f WHERE f.position = events.position),
                        event_id = (SELECT event_id FROM forged.events f WHERE f.position = events.position)
                    WHERE position <= 3`);
    const [[d3], [h4]] = [db.prepare('SELECT digest FROM events WHERE position = 3').raw().get(), db.prepare('SELECT hash FROM events WHERE position = 4').raw().get()] as [string][];
    db.prepare('UPDATE events SET digest = ? WHERE position = 4').run(nextDigest(d3, h4));
    db.close();
    const report = await verifyStore(store, key.jwks);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.checkpoints).toEqual([expect.objectContaining({ position: '3/3', ok: false, message: expect.stringMatching(/checkpoint of 2026-11-24 at position 3\/3 signed digest/) })]);
  });

  it('a checkpoint whose signed payload was tampered with, or checked with another key, does not verify', async () => {
    const key = await loadAuditSigningKey(dir);
    const checkpoint = await signCheckpoint(store, key, '2026-11-24');
    const [header, payload, signature] = checkpoint.jws.split('.');
    const changed = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('3/3', '2/2')).toString('base64url');
    await expect(checkSignature(`${header}.${changed}.${signature}`, key.jwks)).rejects.toThrow(/signature verification failed/);
    const other = await loadAuditSigningKey(join(dir, 'elsewhere'));
    await expect(checkSignature(checkpoint.jws, other.jwks)).rejects.toThrow();
    const report = await verifyStore(store, other.jwks);
    expect(report.ok).toBe(false);
    expect(report.checkpoints[0].message).toMatch(/signature does not verify/);
  });

  it('refuses to sign a log that does not verify, and writes nothing', async () => {
    const key = await loadAuditSigningKey(dir);
    const db = new Database(join(dir, 'events.db'));
    db.prepare("UPDATE events SET data = '{\"n\":5}' WHERE position = 2").run();
    db.close();
    await expect(signCheckpoint(store, key, '2026-11-24')).rejects.toBeInstanceOf(CheckpointRefusedError);
    await expect(store.readStream(CHECKPOINT_STREAM)).rejects.toThrow(/does not exist/);
  });
});
