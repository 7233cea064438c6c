import { parentPort, workerData } from 'node:worker_threads';
import { ReadModelSnapshot, RenderRequest } from './bilan-rendering';

/** A worker of the bilan pool: reads and renders off the API's event loop, one request at a time. */
export type WorkerRequest = RenderRequest & { readonly id: number };
export type WorkerReply = { readonly id: number } & ({ position: string; body: Uint8Array } | { missing: true } | { error: string });

const snapshot = new ReadModelSnapshot((workerData as { readModelsFile: string }).readModelsFile);

parentPort!.on('message', async ({ id, ...request }: WorkerRequest) => {
  try {
    const rendered = await snapshot.render(request as RenderRequest);
    if (!rendered) return parentPort!.postMessage({ id, missing: true } satisfies WorkerReply);
    // a copy into a buffer of its own (not a slice of Node's pool): it moves to the main thread instead of being copied again
    const body = new Uint8Array(rendered.body);
    parentPort!.postMessage({ id, position: rendered.position, body } satisfies WorkerReply, [body.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies WorkerReply);
  }
});
