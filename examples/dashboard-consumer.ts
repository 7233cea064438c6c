/**
 * An example consumer for a dashboard team: keeps the latest execution tracking of every market
 * from the compacted topic, deduplicating on messageId, and prints markets behind their pro-rata.
 *
 *   npm run build && KAFKA_BROKERS=127.0.0.1:9092 node dist/examples/dashboard-consumer.js
 */
import { Kafka, logLevel } from 'kafkajs';
import { centiOfWholeHours, elapsedShare, fromCentiHours, isBelowPercentOf, proRataCenti, toCentiHours } from '@clause-ledger/domain';

interface TrackingMessage {
  schema: 'clause-ledger.execution-tracking.v1';
  messageId: string;
  position: string;
  marketId: string;
  title: string;
  executionStart: string;
  executionEnd: string;
  targetHours: number;
  hoursDone: number;
}

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topic = `${process.env.KAFKA_TOPIC_PREFIX ?? 'clause-ledger'}.execution-tracking.v1`;
const markets = new Map<string, TrackingMessage>();
const seen = new Set<string>();

async function main(): Promise<void> {
  const consumer = new Kafka({ clientId: 'dashboard-example', brokers, logLevel: logLevel.WARN }).consumer({ groupId: 'dashboard-example' });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const marketId = message.key!.toString();
      if (!message.value) {
        markets.delete(marketId); // tombstone: the market left the read model
        return;
      }
      const tracking = JSON.parse(message.value.toString()) as TrackingMessage;
      if (seen.has(tracking.messageId)) return; // at-least-once delivery: a re-delivery has the same id
      seen.add(tracking.messageId);
      markets.set(marketId, tracking);
      report(tracking);
    },
  });
}

function report(t: TrackingMessage): void {
  const today = new Date().toISOString().slice(0, 10);
  // the ledger's own arithmetic: the dashboard and the buyer's alerts agree on who is behind (below 80 % of the pro-rata)
  const expectedCenti = proRataCenti(centiOfWholeHours(t.targetHours), elapsedShare(t.executionStart, t.executionEnd, today));
  const flag = isBelowPercentOf(toCentiHours(t.hoursDone), expectedCenti, 80) ? 'BEHIND' : 'ok';
  console.log(`${flag.padEnd(6)} ${t.marketId}  ${t.hoursDone} h / ${t.targetHours} h (pro-rata today ${fromCentiHours(expectedCenti)} h)  — ${t.title}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
