import { Worker } from 'node:worker_threads';
import { RenderRequest, Rendered } from './bilan-rendering';
import type { ChangeJournal } from './read-model-changes';
import type { WorkerReply, WorkerRequest } from './bilan-render.worker';

/** journal: taken when the task is sent, so that it lists every batch committed before. */
interface Task { readonly id: number; readonly request: RenderRequest; readonly journal?: () => ChangeJournal; resolve(r: Rendered | undefined): void; reject(e: Error): void }

/** A fixed number of workers, each rendering one request at a time; the others wait in line. A worker that died is replaced when needed. */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private started = 0;
  private nextId = 0;
  private closed = false;

  /** workerData: what the worker script reads at start (the read models' file, and whatever a loader in between needs). */
  constructor(private readonly file: string, private readonly workerData: { readonly readModelsFile: string } & Readonly<Record<string, unknown>>, private readonly size: number) {}

  run(request: RenderRequest, journal?: () => ChangeJournal): Promise<Rendered | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, journal, id: this.nextId++, resolve, reject });
      this.dispatch();
    });
  }

  start(): void {
    while (this.started < this.size) this.idle.push(this.spawn());
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.ref();
      worker.postMessage({ id: task.id, request: task.request, journal: task.journal?.() } satisfies WorkerRequest);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.file, { workerData: this.workerData });
    // an idle worker does not keep the process alive (dispatch refs it while it works)
    worker.unref();
    this.started++;
    worker.on('message', (reply: WorkerReply) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if ('error' in reply) task?.reject(new Error(`bilan rendering failed: ${reply.error}`));
      else if ('missing' in reply) task?.resolve(undefined);
      else task?.resolve({ position: reply.position, parts: reply.parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)), length: reply.length });
      this.dispatch();
    });
    // a worker that dies fails its own request only: the next request starts another
    worker.on('error', (error) => this.busy.get(worker)?.reject(error));
    worker.on('exit', (code) => {
      this.busy.get(worker)?.reject(new Error(`bilan worker exited with code ${code}`));
      this.busy.delete(worker);
      const idle = this.idle.indexOf(worker);
      if (idle >= 0) this.idle.splice(idle, 1);
      this.started--;
      this.dispatch();
    });
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('the API is shutting down'));
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
  }
}
