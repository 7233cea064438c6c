/**
 * An append reuses event ids in a way that is neither new events nor a retry of an earlier append
 * (some ids written and others not, ids written in another stream or in another order, an id twice
 * in the batch). Nothing was written. Event ids identify a write: a new event needs a new id.
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
    reason: string,
  ) {
    super(`append to ${streamId} refused, nothing written: ${reason} (event ids ${eventIds.join(', ')})`);
    this.name = 'EventIdConflictError';
  }
}
