import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { AppendRequest, LogWriter } from './log-writer';
import { openEventsDatabase } from './sqlite-schema';
import { sendable } from './thread-errors';

/** Inside the writer thread: owns the write connection, so a commit's fsync never blocks the caller's event loop. */
export type WriterRequest = Group | { readonly close: true };
type Group = { readonly seq: number; readonly appends: readonly AppendRequest[] };

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
  const requests = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) requests.push(next.message as WriterRequest);
  const groups = requests.filter((r): r is Group => 'seq' in r);
  if (groups.length > 0) write(groups);
  if (groups.length < requests.length) {
    // sent once every group was answered (WriterThread.stop)
    writer?.close();
    port.close();
  }
});

function write(groups: readonly Group[]): void {
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
