import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventData, SqliteEventStore, verifyLog } from '@clause-ledger/event-store';
import { anHoursDeclared } from '@clause-ledger/domain/testing/fixtures';
import { addMonths } from '@clause-ledger/domain';

const PER_STREAM = 500;

/**
 * verify of a large embedded log: seeded in batches of PER_STREAM hours declarations per placement
 * stream (one append each, so seeding is not the fsync count), then verified whole. Peak RSS is
 * sampled during the verification only.
 */
export async function measureVerify(dir: string, targetEvents: number) {
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  try {
    const seedStart = process.hrtime.bigint();
    let events = 0;
    for (let s = 0; events < targetEvents; s++) {
      const ref = { placementId: `p-${s}`, marketId: `m-${s % 100}`, lotId: 'lot-1', beneficiaryId: `b-${s}`, companyId: '73282932000074' };
      const count = Math.min(PER_STREAM, targetEvents - events);
      const batch: EventData[] = Array.from({ length: count }, (_, i) => {
        const e = anHoursDeclared({ ...ref, month: addMonths('2026-01-01', i).slice(0, 7), hours: 100 + (i % 50) + 0.25 });
        return { id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version, actor: { userId: 'bench', organisationId: 'mef-cotentin', role: 'FACILITATOR' } } };
      });
      await store.appendToStream(`placement-${ref.placementId}`, batch, { expectedRevision: 'no_stream' });
      events += count;
    }
    const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    const start = process.hrtime.bigint();
    const report = await verifyLog(store, { onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); } });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(sampler);
    if (!report.ok || report.events !== events) throw new Error(`verify of the seeded log did not pass: ${JSON.stringify({ ok: report.ok, events: report.events, findings: report.findings.slice(0, 3) })}`);
    const mib = (bytes: number) => Math.round(bytes / 1_048_576);
    return { events, seedSeconds, seconds, perSecond: events / seconds, peakRssMiB: mib(peak), rssGrowthMiB: mib(peak - rssBefore) };
  } finally {
    await store.close();
  }
}
