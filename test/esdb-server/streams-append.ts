/**
 * Streams.Append (client-streaming: options, then proposed messages) and Streams.BatchAppend
 * (bidirectional: batches keyed by correlation id, the last one flagged is_final) of the test server.
 */
import * as grpc from '@grpc/grpc-js';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition, Empty, MaximumAppendSizeExceeded, StreamDeleted, Timeout, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { AppendOutcome, ExpectedStreamState, InMemoryLog, ProposedEvent } from './in-memory-log';
import { streamName, uuidToString } from './grpc-values';
import { AppendFault, ServerFaults } from './faults';

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** KurrentDB 25.0's default MaxAppendSize (ClusterVNodeOptions): 1 MiB per append, counted as below. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

export interface AppendLimits {
  readonly maxAppendSize: number;
}

export function appendHandler(log: InMemoryLog, faults: ServerFaults, limits: AppendLimits): grpc.handleClientStreamingCall<AppendReq, AppendResp> {
  return (call, callback) => {
    let options: AppendReq.Options | undefined;
    const proposed: Proposed[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) proposed.push(req.getProposedMessage()!);
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'the first message must carry the options' });
      const streamId = streamName(options.getStreamIdentifier());
      const expected = expectedOf(options.getExpectedStreamRevisionCase(), () => options!.getRevision());
      const events = toProposedEvents(proposed);
      if (typeof events === 'string') return callback(missingMetadata(events));
      if (sizeOnDisk(events) > limits.maxAppendSize) return callback(maxAppendSizeExceeded(limits.maxAppendSize));
      const fault = faults.takeAppendFault();
      // Streams.Append turns NotHandled into an RpcException (RpcExceptions.TryHandleNotHandled)
      if (fault === 'not-ready') return callback({ code: grpc.status.UNAVAILABLE, details: 'Server Is Not Ready' });
      if (fault === 'busy') return callback({ code: grpc.status.UNAVAILABLE, details: 'Server Is Too Busy' });
      const outcome = log.append(streamId, expected, events);
      if (outcome.kind === 'stream_deleted') return callback(streamDeleted(streamId));
      const committed = outcome.kind === 'written' || outcome.kind === 'idempotent';
      if (committed && fault === 'commit-then-silence') return undefined;
      if (committed && fault === 'commit-then-timeout') return callback({ code: grpc.status.ABORTED, details: 'Operation timed out: CommitTimeout' });
      callback(null, toAppendResp(outcome, expected));
    });
  };
}

/**
 * Like the real server: a batch is opened by the message carrying its options (chunks of unknown
 * correlation ids are ignored), its size is checked as chunks arrive and it is refused as soon as
 * it is over the limit, and it is written when its last chunk (is_final) arrives.
 */
export function batchAppendHandler(log: InMemoryLog, faults: ServerFaults, limits: AppendLimits): grpc.handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, { options: BatchAppendReq.Options; proposed: Proposed[] }>();
    call.on('data', (req: BatchAppendReq) => {
      const correlationId = req.getCorrelationId()!;
      const key = uuidToString(correlationId);
      if (req.hasOptions()) pending.set(key, { options: req.getOptions()!, proposed: [] });
      const batch = pending.get(key);
      if (!batch) return;
      batch.proposed.push(...req.getProposedMessagesList());
      const events = toProposedEvents(batch.proposed);
      if (typeof events !== 'string' && sizeOnDisk(events) > limits.maxAppendSize) {
        pending.delete(key);
        const error = status(Code.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', new MaximumAppendSizeExceeded().setMaxappendsize(limits.maxAppendSize), 'event_store.client.MaximumAppendSizeExceeded');
        call.write(new BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(batch.options.getStreamIdentifier()).setError(error));
        return;
      }
      if (!req.getIsFinal()) return;
      pending.delete(key);
      const resp = batchAppendResp(log, faults.takeAppendFault(), correlationId, batch.options, batch.proposed);
      if (resp) call.write(resp);
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  };
}

/** The answer to one batch; undefined when the fault is to stay silent. */
function batchAppendResp(
  log: InMemoryLog, fault: AppendFault | undefined, correlationId: NonNullable<ReturnType<BatchAppendReq['getCorrelationId']>>,
  options: BatchAppendReq.Options, proposed: Proposed[],
): BatchAppendResp | undefined {
  const resp = new BatchAppendResp();
  resp.setCorrelationId(correlationId);
  resp.setStreamIdentifier(options.getStreamIdentifier());
  const expected = expectedOf(options.getExpectedStreamPositionCase(), () => options.getStreamPosition());
  if (typeof expected === 'bigint') resp.setStreamPosition(expected.toString());
  else if (expected === 'any') resp.setAny(new GoogleEmpty());
  else if (expected === 'no_stream') resp.setNoStream(new GoogleEmpty());
  else resp.setStreamExists(new GoogleEmpty());

  const deadline = options.getDeadline();
  if (deadline && deadline.toDate().getTime() < Date.now()) {
    resp.setError(status(Code.DEADLINE_EXCEEDED, 'append deadline passed', new Timeout(), 'event_store.client.Timeout'));
    return resp;
  }
  const events = toProposedEvents(proposed);
  if (typeof events === 'string') {
    resp.setError(status(Code.INVALID_ARGUMENT, `missing required metadata property ${events}`));
    return resp;
  }
  if (fault === 'not-ready' || fault === 'busy') {
    // NotHandled: a status with no code, an Empty detail and only this message tells what happened
    resp.setError(status(undefined, fault === 'busy' ? 'Server Is Busy' : 'Server Is Not Ready', new GoogleEmpty(), 'google.protobuf.Empty'));
    return resp;
  }
  const outcome = log.append(streamName(options.getStreamIdentifier()), expected, events);
  if (outcome.kind === 'stream_deleted') {
    const deleted = new StreamDeleted().setStreamIdentifier(options.getStreamIdentifier());
    resp.setError(status(Code.NOT_FOUND, 'StreamDeleted', deleted, 'event_store.client.StreamDeleted'));
    return resp;
  }
  if (outcome.kind === 'wrong_expected_version') {
    resp.setError(status(Code.FAILED_PRECONDITION, 'wrong expected version', wrongExpectedVersion(outcome.current, expected), 'event_store.client.WrongExpectedVersion'));
    return resp;
  }
  if (fault === 'commit-then-silence') return undefined;
  if (fault === 'commit-then-timeout') {
    resp.setError(status(Code.DEADLINE_EXCEEDED, 'Timeout', new Timeout(), 'event_store.client.Timeout'));
    return resp;
  }
  const success = new BatchAppendResp.Success();
  if (outcome.revision === 'no_stream') success.setNoStream(new GoogleEmpty());
  else success.setCurrentRevision(outcome.revision.toString());
  if (outcome.position === undefined) success.setNoPosition(new GoogleEmpty());
  else success.setPosition(new AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
  resp.setSuccess(success);
  return resp;
}

/** Event.SizeOnDisk of the server: data and metadata bytes, plus the type counted as UTF-16 (2 bytes a unit). */
function sizeOnDisk(events: readonly ProposedEvent[]): number {
  return events.reduce((sum, e) => sum + e.data.length + e.customMetadata.length + e.type.length * 2, 0);
}

function maxAppendSizeExceeded(max: number): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(max));
  return { code: grpc.status.INVALID_ARGUMENT, details: `Maximum Append Size of ${max} Exceeded.`, metadata };
}

function streamDeleted(streamId: string): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', streamId);
  return { code: grpc.status.FAILED_PRECONDITION, details: `Event stream '${streamId}' is deleted.`, metadata };
}

function toAppendResp(outcome: Exclude<AppendOutcome, { kind: 'stream_deleted' }>, expected: ExpectedStreamState): AppendResp {
  const resp = new AppendResp();
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new Empty());
    else wrong.setCurrentRevision(outcome.current.toString());
    if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString());
    else if (expected === 'any') wrong.setExpectedAny(new Empty());
    else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
    else wrong.setExpectedStreamExists(new Empty());
    return resp.setWrongExpectedVersion(wrong);
  }
  const success = new AppendResp.Success();
  if (outcome.revision === 'no_stream') success.setNoStream(new Empty());
  else success.setCurrentRevision(outcome.revision.toString());
  if (outcome.position === undefined) success.setNoPosition(new Empty());
  else success.setPosition(new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
  return resp.setSuccess(success);
}

function wrongExpectedVersion(current: bigint | 'no_stream', expected: ExpectedStreamState): WrongExpectedVersion {
  const wrong = new WrongExpectedVersion();
  if (current === 'no_stream') wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(current.toString());
  if (typeof expected === 'bigint') wrong.setExpectedStreamPosition(expected.toString());
  else if (expected === 'any') wrong.setExpectedAny(new GoogleEmpty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new GoogleEmpty());
  else wrong.setExpectedStreamExists(new GoogleEmpty());
  return wrong;
}

function status(code: Code | undefined, message: string, details?: { serializeBinary(): Uint8Array }, typeName?: string): Status {
  const result = new Status().setMessage(message);
  if (code !== undefined) result.setCode(code);
  if (details && typeName) {
    const any = new Any();
    any.pack(details.serializeBinary(), typeName);
    result.setDetails(any);
  }
  return result;
}

/** Oneof cases share their numbers between Append and BatchAppend options: 2 revision, 3 no_stream, 4 any, 5 stream_exists. */
function expectedOf(caseNumber: number, revision: () => string): ExpectedStreamState {
  switch (caseNumber) {
    case 2: return BigInt(revision());
    case 3: return 'no_stream';
    case 5: return 'stream_exists';
    default: return 'any';
  }
}

/** The events, or the name of a missing required metadata property. */
function toProposedEvents(proposed: Proposed[]): ProposedEvent[] | string {
  const events: ProposedEvent[] = [];
  for (const message of proposed) {
    const metadata = message.getMetadataMap();
    const type = metadata.get('type');
    const contentType = metadata.get('content-type');
    if (type === undefined) return 'type';
    if (contentType === undefined) return 'content-type';
    events.push({
      id: uuidToString(message.getId()),
      type,
      contentType,
      data: message.getData_asU8(),
      customMetadata: message.getCustomMetadata_asU8(),
    });
  }
  return events;
}

function missingMetadata(property: string): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'missing-required-metadata-property');
  metadata.set('required-metadata-properties', property);
  return { code: grpc.status.INVALID_ARGUMENT, details: `missing required metadata property ${property}`, metadata };
}
