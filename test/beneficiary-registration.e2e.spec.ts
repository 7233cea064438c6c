import { randomUUID } from 'node:crypto';
import { EventStore, EventStoreUnavailableError } from '@clause-ledger/event-store';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { PERSONAL_DATA_KEY_STORE, PersonalDataKeyStore } from '../apps/api/src/personal-data/key-store';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/**
 * Registration is one append after an idempotent key creation: no crash point can block an id
 * (issue 9 item 5: with two appends, a failed second one made every retry a 409).
 */
describe('registering a beneficiary survives a crash at any point', () => {
  const dir = tempDir('registration');
  let api: TestApi;
  let store: EventStore;
  let keys: PersonalDataKeyStore;
  const person = (beneficiaryId?: string) => ({ ...story.beneficiary, beneficiaryId });
  /** The append to the beneficiary's own stream fails once (with two appends, that was the second one). */
  const storeUnavailable = () => {
    const append = store.appendToStream.bind(store);
    let failed = false;
    jest.spyOn(store, 'appendToStream').mockImplementation((streamId, ...rest) => {
      if (failed || !/^beneficiary-(?!identity-)/.test(streamId)) return append(streamId, ...rest);
      failed = true;
      return Promise.reject(new EventStoreUnavailableError('simulated crash before the append'));
    });
  };

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    store = api.app.get<EventStore>(EVENT_STORE);
    keys = api.app.get<PersonalDataKeyStore>(PERSONAL_DATA_KEY_STORE);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('a key created by a registration that crashed before its append is reused by a retry without Idempotency-Key: 201', async () => {
    const orphan = await keys.keyFor('ben-crashed');
    const retried = await api.post('/beneficiaries', person('ben-crashed'));
    expect(retried.status).toBe(201);
    const registered = (await store.readStream('beneficiary-ben-crashed')).map((e) => [e.type, (e.data as { identity: { kid: string } }).identity.kid]);
    expect(registered).toEqual([['BeneficiaryRegistered', orphan.kid]]);
    expect((await api.get('/beneficiaries/ben-crashed/identity')).body).toMatchObject({ firstName: 'Amina', lastName: 'Diallo', birthDate: '2003-04-12' });
  });

  it('an append that failed leaves the id free: the retry without the same Idempotency-Key is 201, a third try the usual 409', async () => {
    storeUnavailable();
    expect((await api.post('/beneficiaries', person('ben-failed'), { 'Idempotency-Key': randomUUID() })).status).toBe(503);
    expect((await api.post('/beneficiaries', person('ben-failed'))).status).toBe(201);
    const again = await api.post('/beneficiaries', person('ben-failed'));
    expect([again.status, again.body.code]).toEqual([409, 'BENEFICIARY_ALREADY_REGISTERED']);
    expect((await store.readStream('beneficiary-ben-failed')).map((e) => e.type)).toEqual(['BeneficiaryRegistered']);
  });

  it('an id derived from the Idempotency-Key is registered by the retry with the same key', async () => {
    const key = randomUUID();
    storeUnavailable();
    expect((await api.post('/beneficiaries', person(), { 'Idempotency-Key': key })).status).toBe(503);
    const retried = await api.post('/beneficiaries', person(), { 'Idempotency-Key': key });
    const replayed = await api.post('/beneficiaries', person(), { 'Idempotency-Key': key });
    expect([retried.status, replayed.status, replayed.body.replayed, replayed.body.beneficiaryId]).toEqual([201, 201, true, retried.body.beneficiaryId]);
  });

  it('the same Idempotency-Key with another name is a 409, and the event and its metadata hold no clear identity', async () => {
    const key = randomUUID();
    const first = await api.post('/beneficiaries', person('ben-keyed'), { 'Idempotency-Key': key });
    const other = await api.post('/beneficiaries', { ...person('ben-keyed'), lastName: 'Diallo-Ba' }, { 'Idempotency-Key': key });
    expect([first.status, other.status, other.body.code]).toEqual([201, 409, 'IDEMPOTENCY_KEY_REUSED']);
    const [registered] = await store.readStream('beneficiary-ben-keyed');
    expect(JSON.stringify([registered.data, registered.metadata])).not.toMatch(/Amina|Diallo|2003-04-12/);
  });

  it('an erasure that crashed after destroying the key already reads as erased, and its retry records it once', async () => {
    expect((await api.post('/beneficiaries', person('ben-erased'))).status).toBe(201);
    storeUnavailable();
    expect((await api.post('/beneficiaries/ben-erased/erasure', { reason: 'demande de la personne' })).status).toBe(503);
    const read = await api.get('/beneficiaries/ben-erased/identity');
    expect([read.status, read.body.code]).toEqual([410, 'BENEFICIARY_ERASED']);
    expect((await api.post('/beneficiaries/ben-erased/erasure', { reason: 'demande de la personne' })).status).toBe(201);
    expect((await store.readStream('beneficiary-ben-erased')).map((e) => e.type)).toEqual(['BeneficiaryRegistered', 'BeneficiaryErased']);
    const twice = await api.post('/beneficiaries/ben-erased/erasure', { reason: 'demande de la personne' });
    expect([twice.status, twice.body.code]).toEqual([410, 'BENEFICIARY_ERASED']);
  });

  it('an erased id cannot be registered again', async () => {
    const reused = await api.post('/beneficiaries', person('ben-erased'));
    expect([reused.status, reused.body.code]).toEqual([409, 'BENEFICIARY_ALREADY_REGISTERED']);
  });

  it('an erasure needs a reason (400 naming the field)', async () => {
    const refused = await api.post('/beneficiaries/ben-crashed/erasure', {});
    expect([refused.status, refused.body.problems?.[0]?.field]).toEqual([400, 'reason']);
  });
});

/** Registrations written before identities were sealed (v1: two streams, clear birth date) stay readable. */
describe('a v1 registration', () => {
  const dir = tempDir('registration-v1');
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    const store = api.app.get<EventStore>(EVENT_STORE);
    // as the API wrote it: by the story's facilitator, whose organisation owns the person
    const meta = { schemaVersion: 1, commandType: 'RegisterBeneficiary', actor: { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' } };
    await store.appendToStream('beneficiary-identity-ben-v1', [{ id: randomUUID(), type: 'BeneficiaryIdentityRecorded', data: { beneficiaryId: 'ben-v1', firstName: 'Karim', lastName: 'Benali' }, metadata: meta }], { expectedRevision: 'no_stream' });
    await store.appendToStream('beneficiary-ben-v1', [{
      id: randomUUID(), type: 'BeneficiaryRegistered', metadata: meta,
      data: { beneficiaryId: 'ben-v1', birthDate: '1984-09-30', sex: 'M', postcode: '50100', qpvResident: false, qualificationLevel: '3', registeredOn: '2026-02-01' },
    }], { expectedRevision: 'no_stream' });
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('reads as the current profile (age band at registration, département) and its identity from both v1 streams', async () => {
    expect((await api.get('/beneficiaries/ben-v1')).body).toMatchObject({ ageBand: 'FROM_26_TO_49', department: '50', sex: 'M', qualificationLevel: '3' });
    expect((await api.get('/beneficiaries/ben-v1/identity')).body).toEqual({ beneficiaryId: 'ben-v1', firstName: 'Karim', lastName: 'Benali', birthDate: '1984-09-30', postcode: '50100' });
  });

  it('still takes eligibility decisions on the exact age', async () => {
    const senior = await api.post('/beneficiaries/ben-v1/eligibilities', { ...story.eligibility, criteria: ['SENIOR'] });
    expect([senior.status, senior.body.code]).toEqual([422, 'CRITERION_DOES_NOT_APPLY']);
    expect((await api.post('/beneficiaries/ben-v1/eligibilities', { ...story.eligibility, criteria: ['RSA'] })).status).toBe(201);
  });
});
