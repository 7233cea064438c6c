import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startApp } from '../apps/api/src/bootstrap';
import { loadConfig } from '../apps/api/src/config/app-config';
import { mintLocalToken } from '../apps/api/src/auth/local-issuer';
import { addMonths } from '@clause-ledger/domain';
import { startBareApp } from './bare-app';
import { LoadRequest, LoadResult, runLoad } from './http-load';
import { measureRebuild } from './rebuild';
import { readSideFigures } from './rebuild-all';
import { measurePublishThroughput, startBroker } from './kafka';
import { Kafka, logLevel } from 'kafkajs';

const CLIENTS = 16;
const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 160);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 120);
const REBUILD_EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 100_000);

type Headers = Record<string, string>;

/** The API as a facilitator uses it: signed requests, no rate limit (one client address sends everything). */
async function startSigned(env: Record<string, string>) {
  const app = await startApp(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', FIXED_TODAY: '2035-12-31', RATE_LIMIT_PER_MINUTE: '0', ...env }));
  const token = await mintLocalToken(env.DATA_DIR, { role: 'FACILITATOR', organisationId: 'mef-cotentin', userId: 'bench' });
  return { app, origin: (await app.getUrl()).replace('[::1]', '127.0.0.1'), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } };
}

async function setUp(origin: string, headers: Headers): Promise<string[]> {
  const pool = new Pool(origin, { connections: 4 });
  const send = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
    const res = await pool.request({ method, path, body: JSON.stringify(body), headers });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  };
  await send('POST', '/companies', { siret: '73282932000074', name: 'Bâtiments du Cotentin', postcode: '50100', kind: 'ORDINARY' });
  await send('POST', '/markets', {
    marketId: 'bench', title: 'Accord-cadre d\'entretien du patrimoine 2026-2035', kind: 'WORKS', buyer: { name: 'Cotentin Habitat', kind: 'SOCIAL_LANDLORD' },
    territory: 'Cotentin', department: '50', facilitatorOrganisation: 'MEF du Cotentin', executionStart: '2026-01-01', executionEnd: '2035-12-31',
    lots: [{ lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 2_000_000_000 }],
  });
  await send('PUT', '/markets/bench/lots/lot-1/clause', { clauseTypes: ['EXECUTION'], target: { mode: 'COMPUTED', labourSharePercent: 50, insertionRatePercent: 10, hourlyCostCents: 3000 }, penaltyPerMissingHourCents: 3000 });
  await send('POST', '/markets/bench/lots/lot-1/acceptance', { companyId: '73282932000074', committedHours: 40_000 });
  const placements: string[] = [];
  for (let i = 0; i < PLACEMENTS; i++) {
    const b = `b-${i}`;
    await send('POST', '/beneficiaries', { beneficiaryId: b, firstName: 'P', lastName: `N${i}`, birthDate: '1980-05-05', sex: i % 2 ? 'F' : 'M', postcode: '50100', qpvResident: true, qualificationLevel: '3' });
    await send('POST', `/beneficiaries/${b}/eligibilities`, { criteria: ['RSA'], validatedOn: '2025-12-15', validUntil: '2035-12-31', validatedBy: 'bench', proofKinds: ['CAF_CERTIFICATE'] });
    await send('POST', '/placements', { placementId: `p-${i}`, marketId: 'bench', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: b, modality: 'DIRECT_HIRE', contractType: 'PERMANENT', startDate: '2026-01-01', plannedEndDate: '2035-12-31' });
    placements.push(`p-${i}`);
  }
  await pool.close();
  return placements;
}

/** Month-major order: neighbouring requests touch different placements, as 16 facilitators would. */
function declarations(placements: readonly string[]): LoadRequest[] {
  const out: LoadRequest[] = [];
  for (let m = 0; m < MONTHS; m++) {
    const month = addMonths('2026-01-01', m).slice(0, 7);
    for (const p of placements) out.push({ method: 'POST', path: `/placements/${p}/hours`, body: { month, hours: 151.67, source: 'PAYSLIP' } });
  }
  return out;
}

const fmt = (r: LoadResult) => `${r.perSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   (${r.requests} requests in ${r.seconds.toFixed(1)} s, statuses ${JSON.stringify(r.statuses)})`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-bench-'));
  try {
    console.log(`Clause Ledger benchmark — ${CLIENTS} concurrent clients, node ${process.version}\n`);
    const { app, origin, headers } = await startSigned({ DATA_DIR: join(dir, 'api') });
    const placements = await setUp(origin, headers);
    const requests = declarations(placements);
    const bare = await startBareApp();
    const bareResult = await runLoad((await bare.getUrl()).replace('[::1]', '127.0.0.1'), requests, CLIENTS, headers);
    await bare.close();
    const ledger = await runLoad(origin, requests, CLIENTS, headers);
    await app.close();
    console.log('hours declarations over HTTP (POST /placements/:id/hours)');
    console.log(`  bare NestJS endpoint (validation only): ${fmt(bareResult)}`);
    console.log(`  Clause Ledger, embedded store:         ${fmt(ledger)}`);
    console.log(`  ratio ledger / bare: ${(ledger.perSecond / bareResult.perSecond).toFixed(3)}\n`);
    if ((ledger.statuses[201] ?? 0) !== requests.length) throw new Error('some declarations were not accepted: the benchmark is not measuring what it says');

    if (process.env.BENCH_KAFKA !== 'off') await benchKafka(dir);

    const rebuild = await measureRebuild(join(dir, 'rebuild'), REBUILD_EVENTS);
    console.log(`execution-tracking rebuild from zero`);
    console.log(`  seeded ${rebuild.events} events in ${rebuild.seedSeconds.toFixed(2)} s (${rebuild.seedPerSecond.toFixed(0)} events/s appended in stream batches)`);
    console.log(`  rebuilt ${rebuild.markets} market documents in ${rebuild.seconds.toFixed(2)} s: ${rebuild.perSecond.toFixed(0)} events/s, RSS ${rebuild.rssMiB} MiB (+${rebuild.rssGrowthMiB} MiB)\n`);
    if (process.env.BENCH_READ_SIDE !== 'off') await readSideFigures();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Kafka: outbox drain rate, and the lag from a command's answer to the dashboard consumer's receipt. */
async function benchKafka(dir: string): Promise<void> {
  const broker = await startBroker(join(dir, 'kafka'));
  try {
    const publish = await measurePublishThroughput(broker.brokers, dir, 20_000);
    const { app, origin, headers } = await startSigned({ DATA_DIR: join(dir, 'api-kafka'), KAFKA_BROKERS: broker.brokers.join(','), KAFKA_TOPIC_PREFIX: 'lag' });
    const placements = await setUp(origin, headers);
    const received = new Map<string, bigint>();
    const consumer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: 'lag-bench' });
    await consumer.connect();
    for (;;) {
      try {
        await consumer.subscribe({ topic: 'lag.execution-tracking.v1', fromBeginning: true });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200)); // the publisher creates the topic
      }
    }
    await consumer.run({ eachMessage: async ({ message }) => { received.set(JSON.parse(message.value!.toString()).position, process.hrtime.bigint()); } });
    const requests = declarations(placements).slice(0, 2_000);
    const answered = new Map<string, bigint>();
    const pool = new Pool(origin, { connections: CLIENTS });
    let next = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const res = await pool.request({ method: 'POST', path: requests[i].path, body: JSON.stringify(requests[i].body), headers });
        const body = (await res.body.json()) as { position: string };
        answered.set(body.position, process.hrtime.bigint());
      }
    }));
    await pool.close();
    const deadline = Date.now() + 60_000;
    while ([...answered.keys()].some((p) => !received.has(p)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lags = [...answered].filter(([p]) => received.has(p)).map(([p, t]) => Number(received.get(p)! - t) / 1e6).sort((a, b) => a - b);
    await consumer.disconnect();
    await app.close();
    const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))].toFixed(1);
    console.log('Kafka (real Apache Kafka 3.9.1 broker, kafkajs idempotent producer, acks=all)');
    console.log(`  publish throughput: ${publish.messages} read-model changes drained from the outbox in ${publish.seconds.toFixed(2)} s = ${publish.perSecond.toFixed(0)} messages/s`);
    console.log(`  end-to-end lag, command answered -> dashboard consumer received (${lags.length}/${answered.size} changes, ${CLIENTS} clients): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms\n`);
  } finally {
    await broker.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
