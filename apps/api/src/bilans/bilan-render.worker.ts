import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ReadModelSnapshot, RenderRequest } from './bilan-rendering';
import type { ChangeJournal } from './read-model-changes';

/** A worker of the bilan pool: reads and renders off the API's event loop, one request at a time. */
/** journal: what the API saw written to the read models (the worker re-reads those documents only). */
export interface WorkerRequest { readonly id: number; readonly request: RenderRequest; readonly journal?: ChangeJournal }
export type WorkerReply = { readonly id: number } & ({ position: string; body: Uint8Array } | { missing: true } | { error: string });

const snapshot = new ReadModelSnapshot((workerData as { readModelsFile: string }).readModelsFile);
yieldToTheEventLoop();

parentPort!.on('message', async ({ id, request, journal }: WorkerRequest) => {
  try {
    const rendered = await snapshot.render(request, journal);
    if (!rendered) return parentPort!.postMessage({ id, missing: true } satisfies WorkerReply);
    // moved to the main thread, not copied: a rendering has a buffer of its own (else a copy into one, not Node's pool)
    const own = rendered.body.byteOffset === 0 && rendered.body.byteLength === rendered.body.buffer.byteLength && !(rendered.body.buffer instanceof SharedArrayBuffer);
    const body = own ? new Uint8Array(rendered.body.buffer) : new Uint8Array(rendered.body);
    parentPort!.postMessage({ id, position: rendered.position, body } satisfies WorkerReply, [body.buffer]);
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
