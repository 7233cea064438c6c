#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Which Apache Kafka releases the installed kafkajs works with: for each version given, starts a real broker
 * (scripts/kafka/start-broker.sh, jars fetched by fetch.sh), then
 *  1. compares, API by API, the highest version kafkajs implements with the range the broker accepts (kafkajs 2.x
 *     picks min(its max, broker max) and never checks the broker's *min*: an API whose old versions a broker dropped,
 *     as Kafka 4.0 did (KIP-896), fails at run time);
 *  2. runs the operations the project relies on (admin, producers, consumer group, transactions) and reports each.
 *
 *   node scripts/kafka/kafkajs-compat.js 3.9.1 4.0.0 4.1.0
 *
 * Exits 1 when any operation fails. Plain JavaScript on purpose: no build, not part of the TypeScript project.
 */
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, readFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { Kafka, logLevel, Partitioners, CompressionTypes } = require('kafkajs');
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys');
const { requests } = require('kafkajs/src/protocol/requests');

const ROOT = resolve(__dirname, '../..');
const versions = process.argv.slice(2).length ? process.argv.slice(2) : ['3.9.1'];
const kafkajsVersion = require('kafkajs/package.json').version;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startBroker(version) {
  execFileSync('bash', [join(__dirname, 'fetch.sh'), version], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = mkdtempSync(join(tmpdir(), `kafkajs-compat-${version}-`));
  const proc = spawn('bash', [join(__dirname, 'start-broker.sh'), dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, KAFKA_VERSION: version, KAFKA_WATCH_PID: String(process.pid), KAFKA_WATCH_RMDIR: '1' },
  });
  const brokers = await new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /KAFKA_BROKERS=(\S+)/.exec(out);
      if (m) res(m[1].split(','));
    });
    proc.once('exit', (code) => rej(new Error(`start-broker.sh exited ${code}`)));
  });
  const exited = new Promise((r) => proc.once('exit', r));
  const started = Date.now();
  for (;;) {
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      if ((await admin.describeCluster()).brokers.length) break;
    } catch {
      if (Date.now() - started > 60_000 || proc.exitCode !== null) {
        const log = join(dir, 'kafka.log');
        throw new Error(`Kafka ${version} not ready:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-3000) : ''}`);
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(200);
  }
  return {
    brokers,
    readyMs: Date.now() - started,
    async stop() {
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The broker's ApiVersions, read through kafkajs's own connection (the same negotiation the clients do). */
async function apiTable(brokers) {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const createCluster = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const cluster = kafka[createCluster]({});
  await cluster.connect();
  const broker = cluster.brokerPool.seedBroker;
  const versions = broker.versions;
  await cluster.disconnect();
  const rows = [];
  for (const [name, key] of Object.entries(apiKeys)) {
    const def = requests[name];
    if (!def || !def.versions.length) continue; // not implemented by kafkajs
    const mine = def.versions.map(Number);
    const theirs = versions[key];
    const kjMax = Math.max(...mine);
    if (!theirs) {
      rows.push({ name, kafkajs: `${Math.min(...mine)}-${kjMax}`, broker: 'absent', used: '-', ok: false });
      continue;
    }
    const used = Math.min(kjMax, theirs.maxVersion);
    rows.push({
      name,
      kafkajs: `${Math.min(...mine)}-${kjMax}`,
      broker: `${theirs.minVersion}-${theirs.maxVersion}`,
      used,
      ok: used >= theirs.minVersion,
    });
  }
  return rows;
}

async function probe(brokers) {
  const kafka = new Kafka({ clientId: 'kafkajs-compat', brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const results = [];
  const topic = 'compat.compacted';
  const plain = 'compat.plain';
  const txTopic = 'compat.tx';
  const group = 'compat.group';
  const clients = [];
  const open = async (c) => (clients.push(c), await c.connect(), c);
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      const detail = await Promise.race([fn(), sleep(20_000).then(() => Promise.reject(new Error('timed out after 20 s')))]);
      results.push({ name, ok: true, detail: detail || '', ms: Date.now() - t0 });
    } catch (e) {
      const type = e && e.type ? ` [${e.type}]` : '';
      const parts = e && e.partitions ? ` ${JSON.stringify(e.partitions.map((p) => ({ partition: p.partition, offset: p.offset, error: p.error && p.error.type })))}` : '';
      results.push({ name, ok: false, detail: `${e && e.name}: ${e && e.message}${type}${parts}`, ms: Date.now() - t0 });
    }
  };
  const consumeN = async (consumer, topics, n) => {
    await consumer.subscribe({ topics, fromBeginning: true });
    const seen = [];
    await new Promise((res, rej) => {
      consumer.run({ eachMessage: async ({ message }) => { seen.push(message); if (seen.length >= n) res(); } }).catch(rej);
    });
    return seen;
  };
  const admin = await open(kafka.admin());

  await step('admin.describeCluster (Metadata)', async () => `${(await admin.describeCluster()).brokers.length} broker`);
  await step('admin.createTopics (compacted + plain)', async () => {
    const ok = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
        { topic: plain, numPartitions: 1, replicationFactor: 1 },
        { topic: txTopic, numPartitions: 1, replicationFactor: 1 },
      ],
    });
    if (!ok) throw new Error('createTopics returned false');
  });
  await step('admin.describeConfigs', async () =>
    (await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] })).resources[0].configEntries.find(
      (c) => c.configName === 'cleanup.policy',
    ).configValue);
  await step('admin.alterConfigs', async () => {
    await admin.alterConfigs({ resources: [{ type: 2, name: plain, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
  });
  await step('admin.createPartitions', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic: plain, count: 2 }] });
  });
  await step('admin.fetchTopicMetadata / fetchTopicOffsets (ListOffsets)', async () => {
    await admin.fetchTopicMetadata({ topics: [topic] });
    return JSON.stringify(await admin.fetchTopicOffsets(topic));
  });
  await step('producer, acks=-1, headers, gzip (Produce)', async () => {
    const p = await open(kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }));
    const r = await p.send({ topic: plain, acks: -1, compression: CompressionTypes.GZIP, messages: [{ key: 'k', value: 'v', headers: { h: '1' } }] });
    return `offset ${r[0].baseOffset}`;
  });
  await step('idempotent producer, maxInFlightRequests=1 (InitProducerId + Produce)', async () => {
    const p = await open(kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }));
    const r = await p.send({ topic, acks: -1, messages: [1, 2, 3].map((i) => ({ key: `m${i}`, value: `v${i}` })) });
    return `offset ${r[0].baseOffset}`;
  });
  await step('consumer group: join/sync/fetch/commit (FindCoordinator, JoinGroup, SyncGroup, Fetch, OffsetCommit)', async () => {
    const c = await open(kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 }));
    const seen = await consumeN(c, [topic], 3);
    await c.disconnect();
    return seen.map((m) => `${m.key}=${m.value}`).join(',');
  });
  await step('admin.fetchOffsets (OffsetFetch)', async () => JSON.stringify((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions));
  await step('admin.listGroups / describeGroups', async () => {
    const { groups } = await admin.listGroups();
    const d = await admin.describeGroups([group]);
    return `${groups.length} group(s), ${d.groups[0].state}`;
  });
  await step('admin.resetOffsets / setOffsets', async () => {
    await admin.resetOffsets({ groupId: group, topic, earliest: true });
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] });
  });
  await step('transactional producer: commit, sendOffsets, abort (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn)', async () => {
    const p = await open(kafka.producer({ transactionalId: 'compat-tx', idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }));
    const t1 = await p.transaction();
    await t1.send({ topic: txTopic, messages: [{ key: 'a', value: 'committed' }] });
    await t1.sendOffsets({ consumerGroupId: 'compat.txgroup', topics: [{ topic, partitions: [{ partition: 0, offset: '1' }] }] });
    await t1.commit();
    const t2 = await p.transaction();
    await t2.send({ topic: txTopic, messages: [{ key: 'b', value: 'aborted' }] });
    await t2.abort();
    const t3 = await p.transaction();
    await t3.send({ topic: txTopic, messages: [{ key: 'c', value: 'committed' }] });
    await t3.commit();
  });
  await step('read_committed consumer skips the aborted record', async () => {
    const c = await open(kafka.consumer({ groupId: 'compat.readcommitted', readUncommitted: false, maxWaitTimeInMs: 100 }));
    const seen = await consumeN(c, [txTopic], 2);
    await c.disconnect();
    const values = seen.map((m) => `${m.key}=${m.value}`).join(',');
    if (values !== 'a=committed,c=committed') throw new Error(values);
    return values;
  });
  await step('admin.deleteTopicRecords (DeleteRecords)', async () => {
    await admin.fetchTopicMetadata({ topics: [plain] }); // kafkajs needs fresh leaders for the new partition
    await admin.deleteTopicRecords({ topic: plain, partitions: [{ partition: 0, offset: '-1' }, { partition: 1, offset: '-1' }] });
    return JSON.stringify(await admin.fetchTopicOffsets(plain));
  });
  await step('admin.deleteGroups', async () => {
    await admin.deleteGroups([group]);
  });
  await step('admin.deleteTopics', async () => {
    await admin.deleteTopics({ topics: [plain] });
  });
  await Promise.all(clients.map((c) => c.disconnect().catch(() => undefined)));
  return results;
}

(async () => {
  let failed = false;
  for (const version of versions) {
    const broker = await startBroker(version);
    try {
      console.log(`\n== Apache Kafka ${version} with kafkajs ${kafkajsVersion} (broker ready in ${broker.readyMs} ms)`);
      const table = await apiTable(broker.brokers);
      const bad = table.filter((r) => !r.ok);
      console.log(
        bad.length
          ? `APIs kafkajs would call below the broker's minimum:\n${bad.map((r) => `  ${r.name}: kafkajs ${r.kafkajs}, broker ${r.broker}`).join('\n')}`
          : `every API kafkajs implements is in the broker's range; kafkajs uses (broker accepts):\n  ${table.map((r) => `${r.name} v${r.used} (${r.broker})`).join(', ')}`,
      );
      for (const r of await probe(broker.brokers)) {
        failed ||= !r.ok;
        console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.ms} ms)${r.detail ? `: ${r.detail}` : ''}`);
      }
    } finally {
      await broker.stop();
    }
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
