/**
 * The test Kafka is a real Apache Kafka (KRaft) node: compacted topic, idempotent producer, consumer group, and data
 * that survives a graceful restart and a crash. Runs against KAFKA_VERSION (default 3.9.1, see scripts/kafka/).
 */
import { existsSync } from 'node:fs';
import { Admin, Consumer, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { KAFKA_START_TIMEOUT_MS, KafkaBroker, startKafkaBroker } from './support/kafka-broker';

const TOPIC = 'clause-ledger.test.markets';
const GROUP = 'clause-ledger.test.projector';

describe('test Kafka broker (real Apache Kafka, KRaft)', () => {
  let broker: KafkaBroker;
  const clients: Array<Admin | Producer | Consumer> = [];

  const kafka = () =>
    new Kafka({ clientId: 'kafka-broker-spec', brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  const connected = async <T extends Admin | Producer | Consumer>(client: T): Promise<T> => {
    clients.push(client);
    await client.connect();
    return client;
  };
  const disconnectAll = async () => {
    await Promise.all(clients.splice(0).map((c) => c.disconnect().catch(() => undefined)));
  };
  const idempotentProducer = () =>
    connected(
      kafka().producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
    );

  /** Runs a consumer of `groupId` until it has seen `count` messages (then disconnects it, committing offsets). */
  const consume = async (groupId: string, count: number): Promise<KafkaMessage[]> => {
    const consumer = await connected(kafka().consumer({ groupId, maxWaitTimeInMs: 100 }));
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const seen: KafkaMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${groupId}: ${seen.length}/${count} messages after 20 s`)), 20_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push(message);
            if (seen.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    return seen;
  };
  const text = (messages: KafkaMessage[]) => messages.map((m) => `${m.key?.toString()}=${m.value?.toString()}`);

  // 3 markets, each updated twice: the compacted topic keeps every record until its segment rolls.
  const batch1 = ['m1=open', 'm2=open', 'm3=open', 'm1=amended', 'm2=closed', 'm3=amended'];
  const batch2 = ['m1=closed', 'm4=open'];
  const batch3 = ['m4=closed'];
  const send = async (producer: Producer, entries: string[]) => {
    const messages = entries.map((e) => {
      const [key, value] = e.split('=');
      return { key, value };
    });
    const [result] = await producer.send({ topic: TOPIC, acks: -1, messages });
    expect(result.errorCode).toBe(0);
  };

  beforeAll(async () => {
    const started = Date.now();
    broker = await startKafkaBroker();
    process.stderr.write(`Kafka ${broker.version} ready on ${broker.brokers[0]} in ${Date.now() - started} ms\n`);
  }, KAFKA_START_TIMEOUT_MS);

  afterEach(disconnectAll);

  afterAll(async () => {
    await disconnectAll();
    const dir = broker?.dir;
    await broker?.destroy();
    if (dir && process.env.KAFKA_KEEP_DIR !== '1') expect(existsSync(dir)).toBe(false);
  }, 60_000);

  it('listens on 127.0.0.1 and answers kafkajs admin requests', async () => {
    expect(broker.brokers).toEqual([`127.0.0.1:${broker.port}`]);
    expect(broker.running).toBe(true);
    const admin = await connected(kafka().admin());
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([expect.objectContaining({ host: '127.0.0.1', port: broker.port })]);
  });

  it('creates a compacted topic, produces keyed messages idempotently and consumes them in a group', async () => {
    const admin = await connected(kafka().admin());
    expect(
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      }),
    ).toBe(true);
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2 /* TOPIC */, name: TOPIC }] });
    expect(configs.resources[0].configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue).toBe('compact');

    const producer = await idempotentProducer();
    await send(producer, batch1);

    const messages = await consume(GROUP, batch1.length);
    expect(text(messages)).toEqual(batch1);
    expect(messages.map((m) => Number(m.offset))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })).toEqual([
      { topic: TOPIC, partitions: [expect.objectContaining({ partition: 0, offset: String(batch1.length) })] },
    ]);
  }, 60_000);

  it('refuses a message without key on the compacted topic (a real broker check)', async () => {
    const producer = await connected(
      kafka().producer({ retry: { retries: 0 }, createPartitioner: Partitioners.DefaultPartitioner }),
    );
    await expect(producer.send({ topic: TOPIC, messages: [{ value: 'no key' }] })).rejects.toThrow(
      /failed the validation on broker/, // INVALID_RECORD: a compacted topic needs keys
    );
  });

  it('keeps topics, records and committed offsets while down (graceful stop) and after restart, then produces again', async () => {
    const pid = broker.pid;
    await broker.stop();
    expect(broker.running).toBe(false);
    const probe = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    await expect(probe.connect()).rejects.toThrow(); // really down
    await broker.restart();
    expect(broker.pid).not.toBe(pid);
    expect(broker.brokers).toEqual([`127.0.0.1:${broker.port}`]);

    const admin = await connected(kafka().admin());
    expect(await admin.listTopics()).toContain(TOPIC);
    expect(await admin.fetchTopicOffsets(TOPIC)).toEqual([expect.objectContaining({ partition: 0, high: '6', low: '0' })]);
    expect(await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })).toEqual([
      { topic: TOPIC, partitions: [expect.objectContaining({ partition: 0, offset: '6' })] },
    ]);

    // Everything is still there for a new group...
    expect(text(await consume(`${GROUP}.after-restart`, batch1.length))).toEqual(batch1);
    // ...and the old group resumes where it stopped, with what a new idempotent producer sends now.
    await send(await idempotentProducer(), batch2);
    expect(text(await consume(GROUP, batch2.length))).toEqual(batch2);
  }, 90_000);

  it('recovers its data after a crash (SIGKILL) and restart', async () => {
    await broker.kill();
    expect(broker.running).toBe(false);
    await broker.restart();

    const admin = await connected(kafka().admin());
    expect(await admin.fetchTopicOffsets(TOPIC)).toEqual([expect.objectContaining({ partition: 0, high: '8' })]);
    await send(await idempotentProducer(), batch3);
    expect(text(await consume(GROUP, batch3.length))).toEqual(batch3);
    expect(text(await consume(`${GROUP}.after-crash`, 9))).toEqual([...batch1, ...batch2, ...batch3]);
  }, 90_000);
});
