import { AppendResult, EventData, ExpectedRevision, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store.port';
import { GENESIS, eventHash } from '../chain/event-chain';

type Reader = (streamId: string, options: { direction: 'backwards'; fromRevision?: bigint; maxCount: number }) => Promise<RecordedEvent[]>;

export type ChainedAppend =
  | { readonly kind: 'append'; readonly expectedRevision: ExpectedRevision; readonly hashes: readonly string[] }
  | { readonly kind: 'replay'; readonly result: AppendResult };

/**
 * EventStoreDB computes no hash: the adapter chains each event to the stream's previous one before
 * sending it. The hash names the event's revision, so the append must land exactly there: under an
 * exact expected revision the server pins it; under `any`/`stream_exists` the adapter reads the
 * stream's head and appends at that exact revision instead (the caller retries on a conflict).
 * A batch whose ids already end the stream is a retry: its earlier result is given back, as the
 * server would from its cache of recent ids.
 */
export async function chainAppend(read: Reader, streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<ChainedAppend> {
  if (events.length === 0) return { kind: 'append', expectedRevision: expected, hashes: [] };
  let last: RecordedEvent | undefined;
  let exact = expected;
  if (typeof expected === 'bigint') {
    last = (await lastEvents(read, streamId, 1, expected))[0];
  } else if (expected === 'any' || expected === 'stream_exists') {
    const recent = await lastEvents(read, streamId, events.length);
    const ids = recent.map((e) => e.id).reverse();
    if (ids.length === events.length && ids.every((id, i) => id === events[i].id.toLowerCase())) {
      return { kind: 'replay', result: { nextExpectedRevision: recent[0].revision, position: recent[0].position } };
    }
    last = recent[0];
    if (!last && expected === 'stream_exists') throw new WrongExpectedRevisionError(streamId, expected, 'no_stream');
    exact = last ? last.revision : 'no_stream';
  }
  let previous = last?.hash ?? GENESIS;
  let revision = typeof exact === 'bigint' ? exact : -1n;
  const hashes = events.map((e) => {
    revision += 1n;
    // hashed as a reader will see it: JSON, as the client sends it
    const normalised = JSON.parse(JSON.stringify({ data: e.data ?? null, metadata: e.metadata ?? {} })) as { data: unknown; metadata: Record<string, unknown> };
    previous = eventHash({ streamId, revision, id: e.id, type: e.type, ...normalised }, previous);
    return previous;
  });
  return { kind: 'append', expectedRevision: exact, hashes };
}

async function lastEvents(read: Reader, streamId: string, maxCount: number, fromRevision?: bigint): Promise<RecordedEvent[]> {
  try {
    return await read(streamId, { direction: 'backwards', maxCount, ...(fromRevision === undefined ? {} : { fromRevision }) });
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}
