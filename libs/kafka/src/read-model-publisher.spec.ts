/**
 * The publisher against a real Apache Kafka node (test/support/kafka-broker.ts) and the real read-model store on a
 * temp dir. Read-model changes are committed the way the projection runner commits them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { event } from '@clause-ledger/domain';
import { aClauseAccepted, aClauseDefined, aMarketRegistered, anHoursDeclared } from '@clause-ledger/domain/testing/fixtures';
import { MarketTrackingDoc, ReadModelStore, alertsProjection, executionTrackingProjection } from '@clause-ledger/projections';
import { foldProjection, recorded } from '@clause-ledger/projections/testing/fold';
import { KAFKA_START_TIMEOUT_MS, KafkaBroker, startKafkaBroker } from '../../../test/support/kafka-broker';
import { ReadModelPublisher } from './read-model-publisher';
import { until as pollUntil } from '../../../test/support/until';

const PREFIX = 'publisher-spec';
const TRACKING_TOPIC = `${PREFIX}.execution-tracking.v1`;
const ALERTS_TOPIC = `${PREFIX}.alerts.v1`;
/** Generous: a busy 2-core machine, a consumer group joining, a broker coming back. Every wait ends as soon as its condition holds. */
const WAIT_MS = 90_000;

interface Received { topic: string; key: string; messageId: string; value: Record<string, any> | null }

/** A market's tracking document after `hours` declared for consecutive months from March 2026. */
function trackingDoc(marketId: string, hours: number[]): MarketTrackingDoc {
  const declared = hours.map((h, i) => anHoursDeclared({ marketId, month: `2026-${String(3 + i).padStart(2, '0')}`, hours: h }));
  const events = [aMarketRegistered({ marketId }), aClauseDefined({ marketId }), aClauseAccepted({ marketId }), ...declared];
  return foldProjection(executionTrackingProjection, recorded(events)).get(marketId)!;
}

const until = (what: string, check: () => boolean) => pollUntil(check, WAIT_MS, what);

describe('ReadModelPublisher (real Kafka broker, real read-model store)', () => {
  let broker: KafkaBroker;
  let dir: string;
  let store: ReadModelStore;
  let publisher: ReadModelPublisher;
  let consumer: Consumer;
  const received: Received[] = [];
  let position = 0;

  /** Commits one change the way the runner does (document and checkpoint together) and wakes the publisher; returns the message id it must carry. */
  function commit(projection: string, key: string, doc: unknown): string {
    position += 1;
    store.commit(projection, 1, [{ key, doc }], { commit: BigInt(position), prepare: BigInt(position) });
    publisher.notify();
    return `${projection}:${key}:${position}/${position}`;
  }
  const seen = (ids: readonly string[]) => ids.every((id) => received.some((m) => m.messageId === id));
  const untilConsumed = (ids: readonly string[]) => until(`messages ${ids.join(', ')}`, () => seen(ids));
  /** The messages with these ids, each once: delivery is at least once, a copy carries the same id. */
  const ofIds = (ids: readonly string[]) => received.filter((m, i) => ids.includes(m.messageId) && received.findIndex((o) => o.messageId === m.messageId) === i);

  beforeAll(async () => {
    broker = await startKafkaBroker();
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-publisher-'));
    store = ReadModelStore.open(join(dir, 'read-models.db'), { outboxFor: ['execution-tracking', 'alerts'] });
    publisher = new ReadModelPublisher(store, { brokers: broker.brokers, clientId: 'publisher-spec', topicPrefix: PREFIX });
    publisher.start();
    // the publisher creates its topics when it connects: subscribe once they exist
    await until('the publisher to connect', () => publisher.status().connected);
    consumer = new Kafka({ clientId: 'publisher-spec-reader', brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 30 } })
      .consumer({ groupId: 'publisher-spec-reader', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [TRACKING_TOPIC, ALERTS_TOPIC], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({ topic, key: message.key!.toString(), messageId: message.headers!['message-id']!.toString(), value: message.value ? JSON.parse(message.value.toString()) : null });
      },
    });
  }, KAFKA_START_TIMEOUT_MS);

  afterAll(async () => {
    await consumer?.disconnect();
    await publisher?.stop();
    store?.close();
    await broker?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('drains the outbox in commit order, keyed by market id, and empties it once Kafka acknowledged', async () => {
    const ids = [
      commit('execution-tracking', 'm-1', trackingDoc('m-1', [])),
      commit('execution-tracking', 'm-2', trackingDoc('m-2', [])),
      commit('execution-tracking', 'm-1', trackingDoc('m-1', [140])),
      commit('execution-tracking', 'm-1', trackingDoc('m-1', [140, 151.67])),
      commit('alerts', 'market:m-2', foldProjection(alertsProjection(), recorded([aMarketRegistered({ marketId: 'm-2' }), event('ClockTicked', { date: '2026-01-06' })])).get('market:m-2')),
      commit('execution-tracking', 'm-2', undefined),
    ];
    await untilConsumed(ids);
    await until('the outbox to be empty', () => publisher.status().pendingMessages === 0);

    const messages = ofIds(ids);
    expect(messages.map((m) => [m.topic, m.key])).toEqual(expect.arrayContaining([
      [TRACKING_TOPIC, 'm-1'], [TRACKING_TOPIC, 'm-2'], [ALERTS_TOPIC, 'm-2'],
    ]));
    // one key lives on one partition: its changes arrive in the order they were committed
    const m1 = messages.filter((m) => m.topic === TRACKING_TOPIC && m.key === 'm-1');
    expect(m1.map((m) => [m.messageId, m.value!.hoursDone])).toEqual([[ids[0], 0], [ids[2], 140], [ids[3], 291.67]]);
    expect(m1.every((m) => m.value!.messageId === m.messageId && m.value!.marketId === 'm-1')).toBe(true);
    const m2 = messages.filter((m) => m.topic === TRACKING_TOPIC && m.key === 'm-2');
    expect(m2.map((m) => [m.messageId, m.value === null])).toEqual([[ids[1], false], [ids[5], true]]); // a deleted document is a tombstone
    expect(messages.find((m) => m.topic === ALERTS_TOPIC)?.value).toMatchObject({ marketId: 'm-2', evaluatedOn: '2026-01-06' });
    expect(publisher.status()).toMatchObject({ connected: true, pendingMessages: 0, oldestPendingPosition: null, lastError: null });
  }, 120_000);

  it('keeps what it could not trim and publishes it again with the same message id and body', async () => {
    // a crash between Kafka's acknowledgement and the trim: the store refuses the trim once
    const trim = jest.spyOn(store, 'outboxAck').mockImplementationOnce(() => {
      throw new Error('crashed before trimming the outbox');
    });
    const id = commit('execution-tracking', 'm-3', trackingDoc('m-3', [35]));
    await until(`message ${id} twice`, () => received.filter((m) => m.messageId === id).length >= 2);
    await until('the outbox to be empty', () => publisher.status().pendingMessages === 0);
    trim.mockRestore();

    const copies = received.filter((m) => m.messageId === id);
    expect(copies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(copies.map((m) => `${m.key} ${JSON.stringify(m.value)}`)).size).toBe(1);
    expect(copies[0].key).toBe('m-3');
    expect(copies[0].value).toMatchObject({ messageId: id, hoursDone: 35 });
  }, 120_000);

  it('with the broker down, changes pile up in the outbox while commits go on; once it is back, they are drained', async () => {
    await broker.stop();
    let first = '';
    let later: string[] = [];
    try {
      first = commit('execution-tracking', 'm-4', trackingDoc('m-4', [10]));
      await until('the publisher to notice the broker is down, with 1 change pending', () => {
        const s = publisher.status();
        return !s.connected && s.lastError !== null && s.pendingMessages === 1;
      });
      // commits neither wait for Kafka nor fail: the read model is current, the outbox grows
      later = [commit('execution-tracking', 'm-4', trackingDoc('m-4', [10, 20])), commit('execution-tracking', 'm-5', trackingDoc('m-5', [7.5]))];
      expect(store.get<MarketTrackingDoc>('execution-tracking', 'm-4')!.lots['lot-1'].centiHoursDone).toBe(3000);
      expect(publisher.status()).toMatchObject({ connected: false, pendingMessages: 3, oldestPendingPosition: first.split(':').at(-1) });
      expect(received.some((m) => [first, ...later].includes(m.messageId))).toBe(false);
    } finally {
      await broker.restart(); // also when an expectation failed: the other tests and afterAll need the broker
    }
    await untilConsumed([first, ...later]);
    await until('the outbox to be empty', () => publisher.status().pendingMessages === 0);
    expect(ofIds([first, ...later]).filter((m) => m.key === 'm-4').map((m) => [m.messageId, m.value!.hoursDone])).toEqual([[first, 10], [later[0], 30]]);
    expect(publisher.status()).toMatchObject({ connected: true, lastError: null });
  }, 240_000);
});
