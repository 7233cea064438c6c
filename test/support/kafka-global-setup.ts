/**
 * jest globalSetup: one Kafka node for the whole run, its address handed to every test file through
 * process.env.KAFKA_TEST_BROKERS (read it with sharedKafkaBrokers() from ./kafka-broker). Wire it in jest.config.js:
 *
 *   globalSetup: '<rootDir>/test/support/kafka-global-setup.ts',
 *   globalTeardown: '<rootDir>/test/support/kafka-global-teardown.ts',
 *
 * KAFKA_TEST_BROKERS already set (an external broker) → nothing is started. KAFKA_TEST_BROKERS=off → nothing is
 * started either, and sharedKafkaBrokers() starts one per test file that asks for it.
 */
import { KAFKA_TEST_BROKERS_ENV, startKafkaBroker } from './kafka-broker';

export default async function kafkaGlobalSetup(): Promise<void> {
  const preset = process.env[KAFKA_TEST_BROKERS_ENV];
  if (preset === 'off') {
    delete process.env[KAFKA_TEST_BROKERS_ENV];
    return;
  }
  if (preset) return;
  const started = Date.now();
  const broker = await startKafkaBroker();
  process.env[KAFKA_TEST_BROKERS_ENV] = broker.brokers.join(',');
  (globalThis as { __kafkaTestBroker__?: unknown }).__kafkaTestBroker__ = broker;
  process.stderr.write(`\nKafka ${broker.version} for the run on ${broker.brokers.join(',')} (${Date.now() - started} ms)\n`);
}
