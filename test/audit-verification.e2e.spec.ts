import Database from 'libsql';
import { compactVerify, createLocalJWKSet } from 'jose';
import { join } from 'node:path';
import { TestApi } from './support/test-api';
import { ok } from './support/ok';
import { suiteWithMarketStory } from './support/seed-story';
import * as story from './support/market-story';

/** Tamper evidence over HTTP: checkpoints signed by an ADMIN, the log verified by an AUDITOR, checked with the public key. */
describe('audit: signed checkpoints and verification of the log', () => {
  const suite = suiteWithMarketStory('audit');
  const { dir } = suite;
  let api: TestApi;
  let admin: TestApi;
  let auditor: TestApi;

  beforeAll(async () => {
    api = suite.api;
    admin = await api.as({ role: 'ADMIN' });
    auditor = await api.as({ role: 'AUDITOR' });
  });

  it('an ADMIN signs a checkpoint of the head; anyone checks it with the public JWK set', async () => {
    const head = await api.storeHead();
    const checkpoint = await ok(admin.post('/audit/checkpoints', {}), 201);
    expect(checkpoint).toMatchObject({ position: head, date: story.TODAY, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const jwks = await ok((await api.as('anonymous')).get('/audit/jwks.json'), 200);
    const { payload } = await compactVerify(checkpoint.jws, createLocalJWKSet(jwks));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ position: head, digest: checkpoint.digest });
    expect((await api.post('/audit/checkpoints', {})).status).toBe(403);
  });

  it('an ADMIN verifies a clean log (it names streams of every organisation: not for an auditor), every event read, the checkpoint matching', async () => {
    const report = await ok(admin.get('/audit/verification'), 200);
    expect(report).toMatchObject({ ok: true, findings: [], unhashed: 0 });
    expect(report.events).toBeGreaterThan(8);
    expect(report.checkpoints).toEqual([expect.objectContaining({ ok: true, date: story.TODAY })]);
    expect((await api.get('/audit/verification')).status).toBe(403);
    expect((await auditor.get('/audit/verification')).status).toBe(403);
  });

  it('after one byte of an event changed in the file, verification names its position as altered, and no new checkpoint is signed over it', async () => {
    const db = new Database(join(dir.path, 'events.db'));
    const [position] = db.prepare("SELECT position FROM events WHERE type = 'HoursDeclared' ORDER BY position LIMIT 1").raw().get() as [bigint];
    db.prepare("UPDATE events SET data = replace(data, '\"month\":\"', '\"month\":\" ') WHERE position = ?").run(position);
    db.close();
    const report = await ok(admin.get('/audit/verification'), 200);
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([expect.objectContaining({ position: `${position}/${position}`, kind: 'altered' })]);
    // the stored hashes were left as signed: the checkpoint still matches them, the event's own hash is what caught it
    expect(report.checkpoints).toEqual([expect.objectContaining({ ok: true })]);
    const refused = await admin.post('/audit/checkpoints', {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'LOG_NOT_VERIFIED', message: expect.stringMatching(/does not verify/) });
  });
});
