import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { positionToString } from '@clause-ledger/event-store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ProjectionsService } from '../tracking/projections.service';
import { RENDERED_READ_MODELS, ReadModelSnapshot, RenderRequest, Rendered, projectionsOf, readModelState } from './bilan-rendering';
import { ReadModelChanges } from './read-model-changes';
import { WorkerPool } from './render-worker-pool';

/** Bytes of renderings kept, the least recently used dropped first (a 3,000-placement market's bilan is 30 MB as JSON). */
const CACHED_BYTES = 128 * 1024 * 1024;
/** Compiled next to this file by `nest build`; absent when running from the TypeScript sources (jest). */
const WORKER_FILE = join(__dirname, 'bilan-render.worker.js');

/**
 * Computes and renders bilans and key figures off the event loop, in worker threads that read the
 * read models on connections of their own, so that a large market's bilan never stalls other
 * requests. A rendering is kept while its read models stay at the position it was computed at
 * (same position, same figures); concurrent requests for the same rendering share it. Under jest
 * (TypeScript sources, no compiled worker) the same reading and rendering run in-process; the
 * worker path has its own test (test/bilan-workers.e2e.spec.ts).
 */
@Injectable()
export class BilanRenderer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly readModelsFile: string;
  private readonly workers?: WorkerPool;
  private inProcess?: ReadModelSnapshot;
  private readonly cache = new Map<string, Rendered>();
  private readonly inFlight = new Map<string, Promise<Rendered | undefined>>();
  /** Listened to from construction, before the runners start: no batch goes unseen. */
  private readonly changes = new ReadModelChanges(RENDERED_READ_MODELS);

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly projections: ProjectionsService) {
    this.readModelsFile = join(config.dataDir, 'read-models.db');
    projections.onCommitted((batch) => this.changes.record(batch));
    // one core stays with the event loop
    if (existsSync(WORKER_FILE)) this.workers = new WorkerPool(WORKER_FILE, { readModelsFile: this.readModelsFile }, Math.max(1, Math.min(4, availableParallelism() - 1)));
  }

  /** The committed state of the read models `request` reads: what a rendering started now would read. */
  position(request: RenderRequest): string {
    return projectionsOf(request).map((name) => {
      const checkpoint = this.projections.readModels.checkpoint(name);
      return checkpoint ? readModelState(positionToString(checkpoint.position), checkpoint.generation) : '';
    }).join(' ');
  }

  /** `request` rendered at the current position (or a later one); undefined when the market has no bilan document. */
  async render(request: RenderRequest): Promise<Rendered | undefined> {
    const key = JSON.stringify(request);
    const position = this.position(request);
    const cached = this.cache.get(key);
    if (cached?.position === position) {
      this.keep(key, cached);
      return cached;
    }
    const flightKey = `${key}@${position}`;
    const pending = this.inFlight.get(flightKey) ?? this.renderNow(request).finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, pending);
    const rendered = await pending;
    if (rendered && this.cache.get(key)?.position !== rendered.position) this.keep(key, rendered);
    return rendered;
  }

  private keep(key: string, rendered: Rendered): void {
    this.cache.delete(key);
    this.cache.set(key, rendered);
    let bytes = 0;
    for (const r of this.cache.values()) bytes += r.length;
    for (const [oldest, r] of this.cache) {
      if (bytes <= CACHED_BYTES) break;
      this.cache.delete(oldest);
      bytes -= r.length;
    }
  }

  private async renderNow(request: RenderRequest): Promise<Rendered | undefined> {
    if (this.workers) return this.workers.run(request, () => this.changes.journal());
    this.inProcess ??= new ReadModelSnapshot(this.readModelsFile);
    return this.inProcess.render(request, this.changes.journal());
  }

  /** The workers load their modules at start-up, not on the first bilan asked for. */
  onApplicationBootstrap(): void {
    this.workers?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.workers?.close();
    this.inProcess?.close();
  }
}
