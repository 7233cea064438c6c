/** jest globalTeardown: destroys the run-wide Kafka node of kafka-global-setup.ts (graceful stop, temp dir deleted). */
import type { KafkaBroker } from './kafka-broker';

export default async function kafkaGlobalTeardown(): Promise<void> {
  const holder = globalThis as { __kafkaTestBroker__?: KafkaBroker };
  const broker = holder.__kafkaTestBroker__;
  delete holder.__kafkaTestBroker__;
  await broker?.destroy();
}
