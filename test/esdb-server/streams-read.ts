/**
 * Streams.Read of the test server: reads of one stream or of $all, forwards or backwards, with a
 * count; and subscriptions (catch-up, then live) with the server-side filters and checkpoints the
 * client asks for. Follows EventStoreDB's rules: a read of $all from a position includes the event
 * at that position, a subscription from a position or revision starts strictly after it.
 */
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { InMemoryLog, StoredEvent } from './in-memory-log';
import { streamIdentifier, streamName, uuidMessage } from './grpc-values';
import { ServerFaults } from './faults';

type ReadCall = grpc.ServerWritableStream<ReadReq, ReadResp>;
type Options = ReadReq.Options;

/** EventStoreDB's default search window: a filtered subscription checkpoints every (multiplier x window) events read. */
const DEFAULT_SEARCH_WINDOW = 32;

/** A read refused with the status EventStoreDB gives (RpcExceptions). */
class ReadRefused extends Error {
  constructor(readonly status: Partial<grpc.StatusObject>) {
    super(status.details);
  }
}

export function readHandler(log: InMemoryLog, faults: ServerFaults): grpc.handleServerStreamingCall<ReadReq, ReadResp> {
  return (call) => {
    serveRead(log, faults, call).then(
      () => call.end(),
      (error: Error) => call.emit('error', error instanceof ReadRefused ? error.status : { code: grpc.status.INTERNAL, details: error.message }),
    );
  };
}

async function serveRead(log: InMemoryLog, faults: ServerFaults, call: ReadCall): Promise<void> {
  const options = call.request.getOptions();
  if (!options) throw new Error('a read needs options');
  const writer = new ResponseWriter(call, options.getUuidOption()?.hasStructured() ?? false);
  const isAllRead = options.getStreamOptionCase() === ReadReq.Options.StreamOptionCase.ALL;
  if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
    faults.subscriptionsRequested += 1;
    await subscribe(log, faults, options, writer);
  } else if (isAllRead) {
    checkAllPosition(log, options);
    await readAll(log, options, writer);
  } else {
    await readStream(log, options, writer);
  }
}

async function readStream(log: InMemoryLog, options: Options, writer: ResponseWriter): Promise<void> {
  const streamOptions = options.getStream()!;
  const name = streamName(streamOptions.getStreamIdentifier());
  const stream = log.stream(name);
  if (!stream) {
    await writer.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name))));
    return;
  }
  if (stream.tombstoned) throw new ReadRefused(streamDeleted(name));
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const revisionCase = streamOptions.getRevisionOptionCase();
  const { RevisionOptionCase } = ReadReq.Options.StreamOptions;
  let count = BigInt(options.getCount());
  const first = stream.events.length > 0 ? stream.events[0]!.revision : stream.lastRevision + 1n;
  if (backwards) {
    const from = revisionCase === RevisionOptionCase.REVISION ? BigInt(streamOptions.getRevision()) : revisionCase === RevisionOptionCase.START ? 0n : stream.lastRevision;
    for (let i = Number((from < stream.lastRevision ? from : stream.lastRevision) - first); i >= 0 && count > 0n; i--, count--) {
      if (!(await writer.event(stream.events[i]!))) return;
    }
    return;
  }
  if (revisionCase === RevisionOptionCase.END) return;
  const from = revisionCase === RevisionOptionCase.REVISION ? BigInt(streamOptions.getRevision()) : 0n;
  for (let i = Number(from > first ? from - first : 0n); i < stream.events.length && count > 0n; i++, count--) {
    if (!(await writer.event(stream.events[i]!))) return;
  }
}

async function readAll(log: InMemoryLog, options: Options, writer: ResponseWriter): Promise<void> {
  const allOptions = options.getAll()!;
  const { AllOptionCase } = ReadReq.Options.AllOptions;
  const position = allOptions.getAllOptionCase() === AllOptionCase.POSITION ? BigInt(allOptions.getPosition()!.getCommitPosition()) : undefined;
  const filter = eventFilter(options);
  let count = BigInt(options.getCount());
  if (options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS) {
    if (allOptions.getAllOptionCase() === AllOptionCase.START) return;
    // backwards, the position is where reading ends: the event at it is not included
    const end = position === undefined ? log.records.length : log.indexFrom(position, false);
    for (let i = end - 1; i >= 0 && count > 0n; i--) {
      if (!filter(log.records[i]!)) continue;
      if (!(await writer.event(log.records[i]!))) return;
      count--;
    }
    return;
  }
  if (allOptions.getAllOptionCase() === AllOptionCase.END) return;
  for (let i = position === undefined ? 0 : log.indexFrom(position, false); i < log.records.length && count > 0n; i++) {
    if (!filter(log.records[i]!)) continue;
    if (!(await writer.event(log.records[i]!))) return;
    count--;
  }
}

/** Catch-up then live on one cursor over the log: nothing is skipped or sent twice at the switch. */
async function subscribe(log: InMemoryLog, faults: ServerFaults, options: Options, writer: ResponseWriter): Promise<void> {
  const select = subscriptionStart(log, options);
  const filter = eventFilter(options);
  const checkpointEvery = checkpointInterval(options);
  let cursor = select.fromIndex;
  let scannedSinceCheckpoint = 0;
  let caughtUp = false;
  let appended = false;
  let wake: () => void = () => undefined;
  const stopListening = log.onAppend(() => { appended = true; wake(); });
  const cancelled = new Promise<void>((resolve) => writer.onCancelled(resolve));
  const forget = faults.trackSubscription((status) => writer.fail(status));
  try {
    const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    if (!(await writer.write(new ReadResp().setConfirmation(confirmation)))) return;
    // the server confirms first, then meets the invalid position when its catch-up reads the log
    if (options.getStreamOptionCase() === ReadReq.Options.StreamOptionCase.ALL) checkAllPosition(log, options);
    while (!writer.cancelled) {
      appended = false;
      for (; cursor < log.records.length; cursor++) {
        const record = log.records[cursor]!;
        if (!select.accepts(record)) continue;
        if (filter(record)) {
          if (!(await writer.event(record))) return;
          scannedSinceCheckpoint = 0;
        } else if (checkpointEvery && ++scannedSinceCheckpoint >= checkpointEvery) {
          scannedSinceCheckpoint = 0;
          if (!(await writer.checkpoint(record.position))) return;
        }
      }
      if (!caughtUp) {
        caughtUp = true;
        if (!(await writer.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp())))) return;
      }
      if (appended) continue;
      await Promise.race([new Promise<void>((resolve) => { wake = resolve; }), cancelled]);
    }
  } finally {
    stopListening();
    forget();
  }
}

/** ReadAllResult.InvalidPosition: reading $all from inside a record is refused, never rounded. */
function checkAllPosition(log: InMemoryLog, options: Options): void {
  const all = options.getAll()!;
  if (all.getAllOptionCase() !== ReadReq.Options.AllOptions.AllOptionCase.POSITION) return;
  const position = all.getPosition()!;
  if (position.getCommitPosition() !== position.getPreparePosition() || !log.isBoundary(BigInt(position.getCommitPosition()))) {
    throw new ReadRefused({ code: grpc.status.INVALID_ARGUMENT, details: 'Trying to read from an invalid position.' });
  }
}

function streamDeleted(name: string): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', name);
  return { code: grpc.status.FAILED_PRECONDITION, details: `Event stream '${name}' is deleted.`, metadata };
}

function subscriptionStart(log: InMemoryLog, options: Options): { fromIndex: number; accepts(e: StoredEvent): boolean } {
  if (options.getStreamOptionCase() === ReadReq.Options.StreamOptionCase.ALL) {
    const all = options.getAll()!;
    const { AllOptionCase } = ReadReq.Options.AllOptions;
    const fromIndex = all.getAllOptionCase() === AllOptionCase.POSITION
      ? log.indexFrom(BigInt(all.getPosition()!.getCommitPosition()), true)
      : all.getAllOptionCase() === AllOptionCase.END ? log.records.length : 0;
    return { fromIndex, accepts: () => true };
  }
  const streamOptions = options.getStream()!;
  const name = streamName(streamOptions.getStreamIdentifier());
  const { RevisionOptionCase } = ReadReq.Options.StreamOptions;
  const after = streamOptions.getRevisionOptionCase() === RevisionOptionCase.REVISION ? BigInt(streamOptions.getRevision()) : -1n;
  const fromEnd = streamOptions.getRevisionOptionCase() === RevisionOptionCase.END;
  return { fromIndex: fromEnd ? log.records.length : 0, accepts: (e) => e.streamId === name && e.revision > after };
}

function eventFilter(options: Options): (e: StoredEvent) => boolean {
  if (options.getFilterOptionCase() !== ReadReq.Options.FilterOptionCase.FILTER) return () => true;
  const filter = options.getFilter()!;
  const onStream = filter.getFilterCase() === ReadReq.Options.FilterOptions.FilterCase.STREAM_IDENTIFIER;
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return (e) => {
    const value = onStream ? e.streamId : e.type;
    if (prefixes.length > 0 && !prefixes.some((p) => value.startsWith(p))) return false;
    return !regex || regex.test(value);
  };
}

function checkpointInterval(options: Options): number | undefined {
  if (options.getFilterOptionCase() !== ReadReq.Options.FilterOptionCase.FILTER) return undefined;
  const filter = options.getFilter()!;
  const window = filter.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return Math.max(1, filter.getCheckpointintervalmultiplier()) * window;
}

/** Writes responses with back-pressure; every write says whether the call is still open. */
class ResponseWriter {
  cancelled = false;
  private readonly cancelListeners: (() => void)[] = [];

  constructor(private readonly call: ReadCall, private readonly structuredIds: boolean) {
    call.on('cancelled', () => this.cancel());
  }

  private cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const listener of this.cancelListeners) listener();
  }

  /** Ends the call with an error status, as the server does when it drops a subscription. */
  fail(status: Partial<grpc.StatusObject>): void {
    if (this.cancelled) return;
    this.call.emit('error', status);
    this.cancel();
  }

  onCancelled(listener: () => void): void {
    if (this.cancelled) listener();
    else this.cancelListeners.push(listener);
  }

  event(record: StoredEvent): Promise<boolean> {
    const recorded = new ReadResp.ReadEvent.RecordedEvent()
      .setId(uuidMessage(record.id, this.structuredIds))
      .setStreamIdentifier(streamIdentifier(record.streamId))
      .setStreamRevision(record.revision.toString())
      .setCommitPosition(record.position.toString())
      .setPreparePosition(record.position.toString())
      .setData(record.data)
      .setCustomMetadata(record.customMetadata);
    recorded.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.createdTicks.toString());
    const event = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(record.position.toString());
    return this.write(new ReadResp().setEvent(event));
  }

  checkpoint(position: bigint): Promise<boolean> {
    return this.write(new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(position.toString()).setPreparePosition(position.toString())));
  }

  async write(response: ReadResp): Promise<boolean> {
    if (this.cancelled) return false;
    if (!this.call.write(response)) {
      await Promise.race([once(this.call, 'drain'), new Promise<void>((resolve) => this.onCancelled(resolve))]);
    }
    return !this.cancelled;
  }
}
