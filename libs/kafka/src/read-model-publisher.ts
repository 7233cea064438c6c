import { Kafka, KafkaConfig, Producer, logLevel } from 'kafkajs';
import { ReadModelStore } from '@clause-ledger/projections';
import { MarketAlertsMemo } from './market-alerts-memo';
import { READ_MODEL_TOPICS, lastChangePerMarket, toMessage } from './read-model-messages';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topicPrefix: string;
  readonly ssl?: boolean;
  readonly sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export interface PublisherStatus {
  readonly connected: boolean;
  /** read-model changes committed but not yet acknowledged by Kafka */
  readonly pendingMessages: number;
  readonly oldestPendingPosition: string | null;
  readonly published: number;
  readonly lastError: string | null;
}

const BATCH = 500;
const BACKOFF_MS = [250, 1_000, 2_000, 5_000, 10_000];

/**
 * Publishes read-model changes from the read-model store's outbox. The outbox is only trimmed
 * after Kafka acknowledged (acks = all, idempotent producer), so a crash gives at-least-once
 * delivery with stable message ids. While the broker is down it waits and retries; nothing is
 * skipped, and commands are not affected (they never wait for Kafka).
 */
export class ReadModelPublisher {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private connected = false;
  private published = 0;
  private lastError: string | null = null;
  private readonly alerts: MarketAlertsMemo;

  constructor(private readonly readModels: ReadModelStore, private readonly settings: KafkaSettings, private readonly log: (message: string) => void = () => undefined) {
    const config: KafkaConfig = {
      clientId: settings.clientId,
      brokers: [...settings.brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
      ...(settings.ssl ? { ssl: true } : {}),
      ...(settings.sasl ? { sasl: settings.sasl as KafkaConfig['sasl'] } : {}),
    };
    this.kafka = new Kafka(config);
    this.alerts = new MarketAlertsMemo(readModels);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** A batch was committed: publish now rather than at the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
  }

  status(): PublisherStatus {
    const pending = this.readModels.outboxPending();
    return { connected: this.connected, pendingMessages: pending.messages, oldestPendingPosition: pending.oldestPosition, published: this.published, lastError: this.lastError };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!this.producer) await this.connect();
        const sent = await this.publishOnce();
        failures = 0;
        if (sent === 0) await this.sleep(1_000);
      } catch (error) {
        this.connected = false;
        this.lastError = (error as Error).message;
        this.log(`Kafka publishing paused: ${this.lastError}; retrying`);
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
        await this.sleep(BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]);
      }
    }
  }

  private async connect(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = READ_MODEL_TOPICS(this.settings.topicPrefix).filter((t) => !existing.has(t));
      if (missing.length > 0) {
        // latest state per key: compacted, kept forever
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'min.insync.replicas', value: '1' }] })),
        });
      }
    } finally {
      await admin.disconnect();
    }
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    this.producer = producer;
    this.connected = true;
    this.lastError = null;
  }

  private async publishOnce(): Promise<number> {
    const byTopic = new Map<string, { key: string; value: string | null; headers: Record<string, string> }[]>();
    // the batch and the documents of a market read for the first time are of one moment (see MarketAlertsMemo)
    const entries = this.readModels.snapshot(() => {
      const batch = this.readModels.outboxBatch(BATCH);
      this.alerts.apply(batch);
      for (const entry of lastChangePerMarket(batch)) {
        const message = toMessage(entry, this.settings.topicPrefix, (marketId) => this.alerts.alertsOf(marketId));
        if (!message) continue;
        const list = byTopic.get(message.topic) ?? [];
        list.push({ key: message.key, value: message.value ? JSON.stringify(message.value) : null, headers: { 'message-id': message.messageId } });
        byTopic.set(message.topic, list);
      }
      return batch;
    });
    if (entries.length === 0) return 0;
    if (byTopic.size > 0) {
      await this.producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
    this.readModels.outboxAck(entries[entries.length - 1].seq);
    this.published += [...byTopic.values()].reduce((n, l) => n + l.length, 0);
    return entries.length;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
