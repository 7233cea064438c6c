import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ReadModelSnapshot, RenderRequest } from './bilan-rendering';
import type { ChangeJournal } from './read-model-changes';

/**
 * A worker of the bilan pool: reads and renders off the API's event loop, one request at a time.
 * journal: what the API saw written to the read models (the worker re-reads those documents only).
 */
export interface WorkerRequest { readonly id: number; readonly request: RenderRequest; readonly journal?: ChangeJournal }
export type WorkerReply = { readonly id: number } & ({ position: string; parts: Uint8Array[]; length: number } | { missing: true } | { error: string });

const snapshot = new ReadModelSnapshot((workerData as { readModelsFile: string }).readModelsFile);
yieldToTheEventLoop();

parentPort!.on('message', async ({ id, request, journal }: WorkerRequest) => {
  try {
    const rendered = await snapshot.render(request, journal);
    if (!rendered) return parentPort!.postMessage({ id, missing: true } satisfies WorkerReply);
    // shared parts are shared, a part with a buffer of its own (a PDF) moves, small ones are copied
    const moved = rendered.parts.flatMap((p) => (p.buffer instanceof ArrayBuffer && p.byteOffset === 0 && p.byteLength === p.buffer.byteLength ? [p.buffer] : []));
    parentPort!.postMessage({ id, position: rendered.position, parts: [...rendered.parts], length: rendered.length } satisfies WorkerReply, [...new Set(moved)]);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies WorkerReply);
  }
});

/**
 * On a busy machine the API's event loop gets a core before a bilan does: this thread lowers its own
 * priority (Linux: a nice value per thread, found through /proc/thread-self). Elsewhere it keeps the default.
 */
function yieldToTheEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // no /proc (not Linux) or not allowed: the worker runs at the API's priority
  }
}
