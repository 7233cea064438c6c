import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ReadModelPublisher } from '@clause-ledger/kafka';
import { ReadModelStore, evolveTracking, executionTrackingProjection } from '@clause-ledger/projections';
import { aClauseAccepted, aClauseDefined, aMarketRegistered } from '@clause-ledger/domain/testing/fixtures';

const ROOT = resolve(__dirname, '../..');

/** A real broker from scripts/kafka/start-broker.sh (Java 17 + Maven); resolves once it answers. */
export async function startBroker(dir: string): Promise<{ brokers: string[]; stop(): Promise<void> }> {
  const proc: ChildProcess = spawn(join(ROOT, 'scripts/kafka/start-broker.sh'), [dir], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KAFKA_WATCH_PID: String(process.pid) } });
  const brokers = await new Promise<string[]>((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /KAFKA_BROKERS=(\S+)/.exec(out);
      if (m) res(m[1].split(','));
    });
    proc.once('exit', (code) => rej(new Error(`start-broker.sh exited with ${code}`)));
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      break;
    } catch {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline) throw new Error('Kafka did not start');
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return { brokers, stop: () => new Promise((r) => { proc.once('exit', () => r()); proc.kill('SIGTERM'); }) };
}

/** Drains an outbox of `messages` tracking changes to the broker: publish throughput. */
export async function measurePublishThroughput(brokers: string[], dir: string, messages: number) {
  const readModels = ReadModelStore.open(join(dir, 'publish-bench.db'), { outboxFor: [executionTrackingProjection.name] });
  const base = [aMarketRegistered(), aClauseDefined(), aClauseAccepted()].reduce((doc, e) => evolveTracking(doc, e as never), undefined as ReturnType<typeof evolveTracking>)!;
  const markets = 1000;
  for (let i = 0; i < messages; i += 500) {
    const changes = Array.from({ length: Math.min(500, messages - i) }, (_, j) => {
      const n = i + j;
      return { key: `m-${n % markets}`, doc: { ...base, marketId: `m-${n % markets}`, lastPosition: `${n}/${n}` } };
    });
    readModels.commit(executionTrackingProjection.name, 1, changes, { commit: BigInt(i), prepare: BigInt(i) });
  }
  const publisher = new ReadModelPublisher(readModels, { brokers, clientId: 'bench', topicPrefix: `bench${Date.now()}` });
  const started = process.hrtime.bigint();
  publisher.start();
  while (publisher.status().pendingMessages > 0) await new Promise((r) => setTimeout(r, 20));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await publisher.stop();
  readModels.close();
  return { messages, seconds, perSecond: messages / seconds };
}
