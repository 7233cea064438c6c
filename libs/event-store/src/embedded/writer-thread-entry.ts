import { parentPort, workerData } from 'node:worker_threads';
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

port.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    writer?.close();
    port.close();
    return;
  }
  try {
    const { outcomes, foreignCommit } = writer!.write(request.appends);
    port.postMessage({ seq: request.seq, outcomes: outcomes.map((o) => ('written' in o ? o : { refused: sendable(o.refused) })), foreignCommit });
  } catch (error) {
    port.postMessage({ seq: request.seq, failed: sendable(error) });
  }
});
