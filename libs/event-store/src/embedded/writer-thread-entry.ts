import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { AppendRequest, LogWriter } from './log-writer';
import { openEventsDatabase } from './sqlite-schema';
import { sendable } from './thread-errors';

/** Inside the writer thread: owns the write connection, so a commit's fsync never blocks the caller's event loop. */
export type WriterRequest = { readonly seq: number; readonly appends: readonly AppendRequest[] } | { readonly close: true };

const port = parentPort!;
let writer: LogWriter | undefined;
try {
  writer = new LogWriter(openEventsDatabase((workerData as { filePath: string }).filePath), (workerData as { filePath: string }).filePath);
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ openFailed: sendable(error) });
  port.close();
}

port.on('message', (first: WriterRequest) => {
  // the groups sent while the previous transaction was being written share the next one: one fsync for all
  const groups: { seq: number; appends: readonly AppendRequest[] }[] = [];
  let close = false;
  for (let request: WriterRequest | undefined = first; request; request = close ? undefined : (receiveMessageOnPort(port)?.message as WriterRequest | undefined)) {
    if ('close' in request) close = true;
    else groups.push(request);
  }
  if (groups.length > 0) write(groups);
  if (close) {
    writer?.close();
    port.close();
  }
});

function write(groups: readonly { seq: number; appends: readonly AppendRequest[] }[]): void {
  const seqs = groups.map((g) => g.seq);
  try {
    const { outcomes, epoch } = writer!.write(groups.flatMap((g) => g.appends));
    const sent = outcomes.map((o) => ('written' in o ? o : { refused: sendable(o.refused) }));
    let from = 0;
    const perGroup = groups.map((g) => sent.slice(from, (from += g.appends.length)));
    port.postMessage({ seqs, outcomes: perGroup, epoch });
  } catch (error) {
    port.postMessage({ seqs, failed: sendable(error), epoch: writer!.epoch });
  }
}
