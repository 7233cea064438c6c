import { SingleBar, Presets } from 'cli-progress';
import { EventStore, SqliteEventStore } from '@clause-ledger/event-store';

/**
 * A progress bar on stderr over the events read: the embedded store's head position is its count
 * of events (consecutive positions from 1); EventStoreDB's is not, so there only the count shows.
 */
export async function eventProgress(store: EventStore, enabled: boolean): Promise<{ update(read: number): void; stop(): void }> {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const total = store instanceof SqliteEventStore ? Number((await store.headPosition()).commit) : 0;
  const bar = new SingleBar({
    stream: process.stderr,
    format: total > 0 ? '{bar} {percentage}% | {value}/{total} events | {eta_formatted} left' : '{value} events read',
    etaBuffer: 50,
  }, Presets.shades_classic);
  bar.start(Math.max(total, 1), 0);
  return { update: (read) => bar.update(read), stop: () => bar.stop() };
}
