import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { positionToString } from '@clause-ledger/event-store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ProjectionsService } from '../tracking/projections.service';
import { ReadModelSnapshot, RenderRequest, Rendered, projectionsOf } from './bilan-rendering';
import type { WorkerReply, WorkerRequest } from './bilan-render.worker';

/** Renderings kept: a few markets in three formats, a few key figures (a 3,000-placement bilan is ~30 MB as JSON). */
const CACHED = 12;
/** Compiled next to this file by `nest build`; absent when running from the TypeScript sources (jest). */
const WORKER_FILE = join(__dirname, 'bilan-render.worker.js');

/**
 * Computes and renders bilans and key figures off the event loop, in worker threads that read the
 * read models on connections of their own, so that a large market's bilan never stalls other
 * requests. A rendering is kept while its read models stay at the position it was computed at
 * (same position, same figures); concurrent requests for the same rendering share it. Under jest
 * (TypeScript sources, no compiled worker) the same reading and rendering run in-process.
 */
@Injectable()
export class BilanRenderer implements OnApplicationShutdown {
  private readonly readModelsFile: string;
  private readonly workers?: WorkerPool;
  private inProcess?: ReadModelSnapshot;
  private readonly cache = new Map<string, Rendered>();
  private readonly inFlight = new Map<string, Promise<Rendered | undefined>>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly projections: ProjectionsService) {
    this.readModelsFile = join(config.dataDir, 'read-models.db');
    // one core stays with the event loop
    if (existsSync(WORKER_FILE)) this.workers = new WorkerPool(WORKER_FILE, this.readModelsFile, Math.max(1, Math.min(4, availableParallelism() - 1)));
  }

  /** The committed position of the read models `request` reads: what a rendering started now would read. */
  position(request: RenderRequest): string {
    return projectionsOf(request).map((name) => {
      const checkpoint = this.projections.readModels.checkpoint(name);
      return checkpoint ? positionToString(checkpoint.position) : '';
    }).join(' ');
  }

  /** `request` rendered at the current position (or a later one); undefined when the market has no bilan document. */
  async render(request: RenderRequest): Promise<Rendered | undefined> {
    const key = JSON.stringify(request);
    const position = this.position(request);
    const cached = this.cache.get(key);
    if (cached?.position === position) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const flightKey = `${key}@${position}`;
    const pending = this.inFlight.get(flightKey) ?? this.renderNow(request).finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, pending);
    const rendered = await pending;
    if (rendered && this.cache.get(key)?.position !== rendered.position) {
      this.cache.delete(key);
      this.cache.set(key, rendered);
      if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
    }
    return rendered;
  }

  private async renderNow(request: RenderRequest): Promise<Rendered | undefined> {
    if (this.workers) return this.workers.run(request);
    this.inProcess ??= new ReadModelSnapshot(this.readModelsFile);
    return this.inProcess.render(request);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.workers?.close();
    this.inProcess?.close();
  }
}

interface Task { readonly request: WorkerRequest; resolve(r: Rendered | undefined): void; reject(e: Error): void }

/** A fixed number of workers, started when first needed, each rendering one bilan at a time; the others wait in line. */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private started = 0;
  private nextId = 0;
  private closed = false;

  constructor(private readonly file: string, private readonly readModelsFile: string, private readonly size: number) {}

  run(work: RenderRequest): Promise<Rendered | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { ...work, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.ref();
      worker.postMessage(task.request);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.file, { workerData: { readModelsFile: this.readModelsFile } });
    this.started++;
    worker.on('message', (reply: WorkerReply) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      // an idle worker does not keep the process alive
      worker.unref();
      this.idle.push(worker);
      if ('error' in reply) task?.reject(new Error(`bilan rendering failed: ${reply.error}`));
      else if ('missing' in reply) task?.resolve(undefined);
      else task?.resolve({ position: reply.position, body: Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength) });
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
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
  }
}
