import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { EventStore } from '@clause-ledger/event-store';
import { MarketAudit, ProjectionRunner, ReadModelStore, marketStreamsProjection } from '@clause-ledger/projections';
import { AppConfig, loadConfig } from '../../api/src/config/app-config';
import { openEventStore } from '../../api/src/infrastructure/event-store.provider';

export interface Session {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
}

/** The store and read models the API's configuration names (DATA_DIR, EVENTSTORE_CONNECTION_STRING), closed afterwards. */
export async function withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
  // stdout is the command's answer (--json): Nest's start-up lines stay out of it
  Logger.overrideLogger(false);
  const config = loadConfig();
  const store = await openEventStore(config);
  const readModels = ReadModelStore.open(join(config.dataDir, 'read-models.db'));
  try {
    return await work({ config, store, readModels });
  } finally {
    readModels.close();
    await store.close();
  }
}

/** The auditor's questions, once the market-streams index has caught up with the log. */
export async function withAudit<T>(work: (audit: MarketAudit) => Promise<T>): Promise<T> {
  return withSession(async ({ store, readModels }) => {
    const index = new ProjectionRunner(store, readModels, marketStreamsProjection);
    await index.start();
    await index.stop();
    const { state, error } = index.status();
    if (state === 'failed') throw new Error(`the market-streams index could not catch up: ${error}`);
    return work(new MarketAudit(store, readModels));
  });
}

export function found<T>(marketId: string, answer: T | undefined): T {
  if (answer === undefined) throw new Error(`market ${marketId} does not exist (or did not yet at that instant)`);
  return answer;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
