import { RecordedEvent } from '@clause-ledger/event-store';

/** One line of a stream's history as shown to people: what happened, when, by which command and whom. */
export function historyEntry(e: RecordedEvent) {
  return {
    revision: e.revision.toString(),
    type: e.type,
    recordedAt: e.recordedAt,
    commandType: e.metadata.commandType ?? null,
    actor: e.metadata.actor ?? null,
  };
}
