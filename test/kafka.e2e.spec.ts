import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { ReadModelPublishing as ReadModelPublishingToken } from '../apps/api/src/health/read-model-publishing';
import { KafkaBroker, startKafkaBroker } from './support/kafka-broker';
import { seedMarketStory } from './support/seed-story';
import { TestApi, tempDir } from './support/test-api';
import { lastPosition, ok } from './support/ok';
import * as story from './support/market-story';
import * as supportCase from './support/support-case-story';
import { until as pollUntil } from './support/until';

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
const schema = (name: string) => JSON.parse(readFileSync(join(__dirname, '../libs/kafka/schemas', `${name}.schema.json`), 'utf8'));
const validTracking = ajv.compile(schema('execution-tracking.v1'));
const validAlerts = ajv.compile(schema('alerts.v1'));
const validSupportCase = ajv.compile(schema('support-cases.v1'));
const validJobOffer = ajv.compile(schema('job-offers.v1'));
const offer = {
  offerId: 'offre-kafka', marketId: story.market.marketId, lotId: 'lot-1', companyId: story.company.siret, jobTitle: 'Maçon / maçonne', romeCode: 'F1703',
  contractType: 'FIXED_TERM', weeklyHours: 35, positions: 2, startDate: '2026-06-01', place: 'Cherbourg-en-Cotentin',
  requirements: { drivingLicence: false, vehicle: false, qualificationLevel: 'NONE', physicalWork: true }, expiresOn: '2026-07-31',
};

interface Received { topic: string; key: string; messageId: string; value: any }

/** Read models published to a real Apache Kafka broker (started by the test from Maven Central jars). */
describe('read models on Kafka', () => {
  const dir = tempDir('kafka');
  let broker: KafkaBroker;
  let api: TestApi;
  let consumer: Consumer;
  const received: Received[] = [];
  const { marketId } = story.market;
  const start = () => TestApi.start({ dataDir: dir.path, today: story.TODAY, env: { KAFKA_BROKERS: broker.brokers.join(','), KAFKA_TOPIC_PREFIX: 'test' } });

  const latestTracking = () => [...received].reverse().find((m) => m.topic === 'test.execution-tracking.v1' && m.key === marketId)?.value;
  const publishing = () => api.app.get(ReadModelPublishingToken).status() as { enabled: boolean; published?: number; pendingMessages?: number; connected?: boolean };
  const until = (check: () => boolean, ms = 30_000) => pollUntil(check, ms, 'the Kafka messages');

  beforeAll(async () => {
    broker = await startKafkaBroker();
    api = await start();
    consumer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: 'dashboard-test', retry: { retries: 30 } });
    await consumer.connect();
  }, 120_000);
  afterAll(async () => {
    await consumer?.disconnect();
    await api?.close();
    await broker?.destroy();
    dir.remove();
  }, 60_000);

  it('publishes every change of the execution tracking, keyed by market, with exact figures and a valid schema', async () => {
    await seedMarketStory(api);
    await ok(api.post('/support-cases', supportCase.request));
    await ok(api.put(`/support-cases/${supportCase.caseId}/lots`, supportCase.lots));
    await ok(api.post('/job-offers', offer));
    await ok(api.post(`/job-offers/${offer.offerId}/candidates`, { candidateId: 'c-1', qpvResident: true, sex: 'F', ageBand: 'UNDER_26' }));
    // wait for the publisher to create the topics before subscribing
    await until(() => (publishing().published ?? 0) > 0);
    await consumer.subscribe({ topics: ['test.execution-tracking.v1', 'test.alerts.v1', 'test.support-cases.v1', 'test.job-offers.v1'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({ topic, key: message.key!.toString(), messageId: message.headers!['message-id']!.toString(), value: message.value ? JSON.parse(message.value.toString()) : null });
      },
    });
    // each topic is its own stream: the tracking having caught up says nothing about the alerts topic
    const alerts = () => received.filter((m) => m.topic === 'test.alerts.v1');
    await until(() => latestTracking()?.hoursDone === 140 && alerts().length > 0);
    const tracking = received.filter((m) => m.topic === 'test.execution-tracking.v1');
    for (const m of tracking) {
      expect([m.key, m.value.messageId]).toEqual([marketId, m.messageId]);
      expect(validTracking(m.value) ? [] : validTracking.errors).toEqual([]);
    }
    expect(latestTracking()).toMatchObject({ targetHours: 833, hoursDone: 140, remainingHours: 693, beneficiariesCounted: 1, lastDeclaredMonth: '2026-03', lots: expect.arrayContaining([expect.objectContaining({ lotId: 'lot-1', companyId: story.company.siret, hoursDone: 140 })]) });
    expect(alerts().length).toBeGreaterThan(0);
    for (const m of alerts()) expect(validAlerts(m.value) ? [] : validAlerts.errors).toEqual([]);
  });

  it('publishes the support cases on their own topic, keyed by case, without free text or contacts', async () => {
    const cases = () => received.filter((m) => m.topic === 'test.support-cases.v1' && m.key === supportCase.caseId);
    await until(() => cases().some((m) => m.value?.lots.length === 2));
    for (const m of cases()) expect(validSupportCase(m.value) ? [] : validSupportCase.errors).toEqual([]);
    expect(cases().at(-1)!.value).toMatchObject({ caseId: supportCase.caseId, facilitatorOrganisationId: 'mef-cotentin', stage: 'REQUESTED', buyer: { name: 'Commune de Saint-Lô' } });
    expect(JSON.stringify(cases())).not.toContain(supportCase.request.contact.email);
  });

  it('publishes the job offers on their own topic with counts per stage, never a candidate', async () => {
    const offers = () => received.filter((m) => m.topic === 'test.job-offers.v1' && m.key === offer.offerId);
    await until(() => offers().some((m) => Object.values(m.value?.candidatesByStage ?? {}).some((n) => n === 1)));
    for (const m of offers()) expect(validJobOffer(m.value) ? [] : validJobOffer.errors).toEqual([]);
    expect(offers().at(-1)!.value).toMatchObject({ offerId: offer.offerId, positions: 2, romeCode: 'F1703' });
    expect(JSON.stringify(offers())).not.toContain('c-1');
  });

  it('after an app restart nothing is missing, and duplicates carry the same message id', async () => {
    // the market's tracking as the read model holds it when the API stops: that state must reach the dashboard
    const atClose = await ok(api.get(`/markets/${marketId}/tracking?waitForPosition=${lastPosition()}`));
    await api.close();
    api = await start();
    await ok(api.post(`/placements/${story.placement.placementId}/hours`, story.monthlyHours[1]));
    await until(() => latestTracking()?.hoursDone === 291.67);
    const byId = new Map<string, string>();
    for (const m of received) {
      const body = JSON.stringify(m.value);
      expect(byId.get(m.messageId) ?? body).toBe(body);
      byId.set(m.messageId, body);
    }
    // one state per fold of the live feed (events folded together under load publish their last state), in log order:
    // one state per position (a duplicate carries the same body, checked above), never going back; the state the read
    // model held at the stop is among them, and the last is the declaration after the restart
    const onePerPosition = [...new Map(received.filter((m) => m.topic === 'test.execution-tracking.v1').map((m) => [m.value.position, m.value])).values()];
    const hours = onePerPosition.map((state) => state.hoursDone as number);
    expect(hours).toEqual([...hours].sort((a, b) => a - b));
    expect(onePerPosition).toContainEqual(expect.objectContaining({ hoursDone: atClose.hoursDone, lastDeclaredMonth: atClose.lastDeclaredMonth }));
    expect(hours.at(-1)).toBe(291.67);
  });

  it('with the broker down, commands keep answering 2xx and every change arrives once it is back', async () => {
    await broker.stop();
    await ok(api.post(`/placements/${story.placement.placementId}/hours`, story.monthlyHours[2]));
    await ok(api.post(`/placements/${story.placement.placementId}/hours/2026-03/corrections`, { hours: 141, source: 'PAYSLIP', reason: 'bulletin rectificatif' }));
    await until(() => (publishing().pendingMessages ?? 0) > 0 && publishing().connected === false);
    const health = (await api.get('/health')).body;
    expect(health).toMatchObject({ status: 'degraded', kafka: { enabled: true, connected: false } });
    await broker.restart();
    await until(() => latestTracking()?.hoursDone === 413.17, 60_000);
    await until(() => publishing().pendingMessages === 0 && publishing().connected === true);
    expect((await api.get('/health')).body.kafka).toMatchObject({ connected: true, pendingMessages: 0 });
  }, 120_000);
});
