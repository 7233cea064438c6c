import { join } from 'node:path';
import { EsdbEventStore, EventStore, SqliteEventStore } from '@clause-ledger/event-store';
import { AppConfig } from '../../api/src/config/app-config';

/** The store the API would use with the same environment: DATA_DIR/events.db, or EVENTSTORE_CONNECTION_STRING. */
export async function openStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore.kind === 'eventstoredb') return EsdbEventStore.connect(config.eventStore.connectionString);
  return SqliteEventStore.open(join(config.dataDir, 'events.db'));
}

/** Where a command's output and failure go: the process by default, something to look at in specs. */
export interface CommandIo {
  out(text: string): void;
  /** The command failed its purpose (a verification failed): exit non-zero once done. */
  fail(): void;
  /** Long runs show a progress bar on a terminal only. */
  readonly interactive: boolean;
}

export const processIo: CommandIo = {
  out: (text) => void process.stdout.write(text),
  fail: () => { process.exitCode = 1; },
  interactive: Boolean(process.stderr.isTTY),
};
