import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { ReadModelPublishing } from '../apps/api/src/health/read-model-publishing';
import { PERSONAL_DATA_KEY_STORE, PersonalDataKey, PersonalDataKeyStore } from '../apps/api/src/personal-data/key-store';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { KafkaBroker, startKafkaBroker } from './support/kafka-broker';
import { filesHolding, personalDataIn, waitUntil } from './support/personal-data-scan';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';
import { lastPosition, ok } from './support/ok';

/**
 * Issue 14, "done when": after erasure, a byte scan of the event store, the read models, the outbox
 * and the Kafka messages finds none of the person's names; the bilan's totals are unchanged; a
 * rebuild works. Before erasure the event store holds no plaintext identity either.
 */
describe('a person\'s data, encrypted in the log and erased on request', () => {
  const dir = tempDir('personal-data');
  let broker: KafkaBroker;
  let api: TestApi;
  let consumer: Consumer;
  const messages: Buffer[] = [];
  const topics = ['pd.execution-tracking.v1', 'pd.alerts.v1'];
  const person = {
    beneficiaryId: 'ben-zq', firstName: 'Zéphyrine', lastName: 'Quatremarre', birthDate: '2001-11-27', sex: 'F', postcode: '50130', qpvResident: true, qualificationLevel: 'NONE',
  };
  const identityValues = [person.firstName, person.lastName, person.birthDate];
  const placement = { ...story.placement, placementId: 'plc-zq', beneficiaryId: person.beneficiaryId };
  const { marketId } = story.market;
  const start = () => TestApi.start({ dataDir: dir.path, today: story.TODAY, env: { KAFKA_BROKERS: broker.brokers.join(','), KAFKA_TOPIC_PREFIX: 'pd' } });
  let bilanBefore: unknown;
  let keyBefore: PersonalDataKey;

  /** Everything published is in Kafka and consumed: nothing pending in the outbox, every offset read. */
  async function allPublishedAndConsumed() {
    const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await waitUntil('the outbox is drained', () => (api.app.get(ReadModelPublishing).status() as { pendingMessages?: number }).pendingMessages === 0);
      const offsets = await Promise.all(topics.map((t) => admin.fetchTopicOffsets(t)));
      const produced = offsets.flat().reduce((n, o) => n + Number(o.high), 0);
      await waitUntil(`the ${produced} messages are consumed`, () => messages.length >= produced);
    } finally {
      await admin.disconnect();
    }
  }
  const bilan = async () => (await ok(api.get(`/markets/${marketId}/bilan?waitForPosition=${lastPosition()}`)));
  const outboxRows = () => Buffer.from(JSON.stringify(api.app.get(ProjectionsService).readModels.outboxBatch(100_000)));
  const storesHolding = () => filesHolding(dir.path, identityValues, (f) => !f.endsWith('personal-data-keys.db'));

  beforeAll(async () => {
    broker = await startKafkaBroker();
    api = await start();
    await ok(api.post('/companies', story.company));
    await ok(api.post('/markets', story.market));
    await ok(api.put(`/markets/${marketId}/lots/lot-1/clause`, story.clauseLot1));
    await ok(api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 }));
    await ok(api.post('/beneficiaries', person));
    await ok(api.post(`/beneficiaries/${person.beneficiaryId}/eligibilities`, { ...story.eligibility, criteria: ['JEUNE', 'QPV'] }));
    await ok(api.post('/placements', placement));
    for (const hours of story.monthlyHours.slice(0, 2)) await ok(api.post(`/placements/${placement.placementId}/hours`, hours));
    await waitUntil('the topics exist', () => ((api.app.get(ReadModelPublishing).status() as { published?: number }).published ?? 0) > 0);
    consumer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: 'personal-data-scan', retry: { retries: 30 } });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(Buffer.concat([message.key ?? Buffer.alloc(0), message.value ?? Buffer.alloc(0), ...Object.values(message.headers ?? {}).map((h) => Buffer.from(String(h)))]));
      },
    });
    await allPublishedAndConsumed();
  }, 240_000);
  afterAll(async () => {
    await consumer?.disconnect();
    await api?.close();
    await broker?.destroy();
    dir.remove();
  }, 60_000);

  it('before erasure: the identity is only ciphertext in the log, readable through the logged identity route', async () => {
    // the same scan finds data written in clear, in both stores and in the messages
    const clear = Object.keys(filesHolding(dir.path, [story.market.title])).map((f) => f.slice(dir.path.length + 1).replace(/-wal$/, ''));
    expect([new Set(clear).has('events.db'), new Set(clear).has('read-models.db'), personalDataIn(Buffer.concat(messages), [marketId])]).toEqual([true, true, [marketId]]);
    expect(storesHolding()).toEqual({});
    const shown = await ok(api.get(`/beneficiaries/${person.beneficiaryId}/identity`));
    expect(shown).toEqual({ beneficiaryId: person.beneficiaryId, firstName: 'Zéphyrine', lastName: 'Quatremarre', birthDate: '2001-11-27', postcode: '50130' });
    expect((await ok(api.get(`/beneficiaries/${person.beneficiaryId}`)))).toMatchObject({ ageBand: 'UNDER_26', sex: 'F', department: '50', qpvResident: true });
    const reads = (await ok(api.get(`/beneficiaries/${person.beneficiaryId}/identity-reads`))).reads;
    expect(reads).toEqual([expect.objectContaining({ readBy: { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' }, purpose: 'IDENTITY', route: 'GET /beneficiaries/:beneficiaryId/identity' })]);
    bilanBefore = await bilan();
    keyBefore = (await api.app.get<PersonalDataKeyStore>(PERSONAL_DATA_KEY_STORE).keyFor(person.beneficiaryId));
  });

  it('the subject-access export holds everything on the person, and is logged as a read', async () => {
    const exported = await ok(api.get(`/beneficiaries/${person.beneficiaryId}/subject-access?waitForPosition=${lastPosition()}`));
    expect(exported.identity).toMatchObject({ firstName: 'Zéphyrine', lastName: 'Quatremarre' });
    expect(exported.eligibilities).toEqual([expect.objectContaining({ criteria: ['JEUNE', 'QPV'], validatedBy: story.eligibility.validatedBy })]);
    expect(exported.placements).toEqual([{ placementId: 'plc-zq', events: [
      expect.objectContaining({ type: 'BeneficiaryPlaced' }),
      expect.objectContaining({ type: 'HoursDeclared', data: expect.objectContaining({ month: '2026-03', hours: 140 }) }),
      expect.objectContaining({ type: 'HoursDeclared', data: expect.objectContaining({ month: '2026-04', hours: 151.67 }) }),
    ] }]);
    expect([exported.lastContactOn, exported.identityReads.map((r: { purpose: string }) => r.purpose)]).toEqual(['2026-06-15', ['IDENTITY', 'SUBJECT_ACCESS']]); // placed today, the latest contact
  });

  it('after erasure: the identity is gone (410), the key destroyed, figures and bilan unchanged', async () => {
    await ok(api.post(`/beneficiaries/${person.beneficiaryId}/erasure`, { reason: 'demande de la personne (RGPD art. 17)' }));
    const read = await api.get(`/beneficiaries/${person.beneficiaryId}/identity`);
    expect([read.status, read.body.code]).toEqual([410, 'BENEFICIARY_ERASED']);
    expect((await api.get(`/beneficiaries/${person.beneficiaryId}/subject-access`)).status).toBe(410);
    expect(await ok(api.get(`/beneficiaries/${person.beneficiaryId}`))).toMatchObject({ ageBand: 'UNDER_26', erased: { reason: 'demande de la personne (RGPD art. 17)', erasedBy: { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' } } });
    expect(await bilan()).toEqual(bilanBefore);
    expect(await api.app.get<PersonalDataKeyStore>(PERSONAL_DATA_KEY_STORE).find(person.beneficiaryId, keyBefore.kid)).toBeUndefined();
    expect(readFileSync(join(dir.path, 'personal-data-keys.db')).includes(keyBefore.key)).toBe(false);
  });

  it('after erasure: no name nor birth date in the event store, the read models, the outbox or the Kafka messages', async () => {
    await allPublishedAndConsumed();
    expect(messages.length).toBeGreaterThan(0);
    expect([storesHolding(), personalDataIn(outboxRows(), identityValues), personalDataIn(Buffer.concat(messages), identityValues)]).toEqual([{}, [], []]);
  });

  it('a rebuild of every read model from the log gives the same bilan and republishes without the person', async () => {
    const consumedBefore = messages.length;
    await api.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir.path, `read-models.db${suffix}`), { force: true });
    api = await start();
    expect(await bilan()).toEqual(bilanBefore);
    expect((await api.get(`/beneficiaries/${person.beneficiaryId}/identity`)).status).toBe(410);
    await allPublishedAndConsumed();
    expect(messages.length).toBeGreaterThan(consumedBefore);
    expect([storesHolding(), personalDataIn(Buffer.concat(messages), identityValues)]).toEqual([{}, []]);
  });

  it('the scan itself finds a name where there is one', () => {
    expect(personalDataIn(Buffer.from('{"n":"ZÉPHYRINE"}{"m":"quatremarre"}{"e":"Z\\u00e9phyrine"}'), identityValues)).toEqual(['Zéphyrine', 'Quatremarre']);
  });
});
