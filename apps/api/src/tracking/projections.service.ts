import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, comparePositions, positionToString } from '@clause-ledger/event-store';
import {
  BilanDoc, CommittedBatch, LastContactDoc, MarketAlertsDoc, MarketTrackingDoc, ParkedEvent, ProjectionRunner, ReadModelBlockedError, ReadModelStore,
  RunnerStatus, alertsProjection, marketAlerts, marketAlertsKey, placementAlertsPrefix, bilanProjection, executionTrackingProjection, lastContactProjection, SupportCasesReadModel, supportCasesProjection, marketStreamsProjection, JobOffersDoc, jobOffersProjection,
} from '@clause-ledger/projections';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens';

type Listener = (batch: CommittedBatch) => void;

/** How long failed read models wait before they are started again, by attempt in a row (then the last one). */
const RESTART_AFTER_MS = [1_000, 5_000, 15_000, 60_000];
/** A read model that stays live this long after being started again starts the waits over. */
const STABLE_MS = 60_000;

/** Runs the projections next to the API: caught up before the app listens, live afterwards. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly listeners: Listener[] = [];
  readonly readModels: ReadModelStore;
  readonly tracking: ProjectionRunner<MarketTrackingDoc>;
  readonly alerts: ProjectionRunner<unknown>;
  readonly bilans: ProjectionRunner<BilanDoc>;
  readonly lastContact: ProjectionRunner<LastContactDoc>;
  readonly supportCases: ProjectionRunner<SupportCasesReadModel>;
  readonly marketStreams: ProjectionRunner<unknown>;
  readonly jobOffers: ProjectionRunner<JobOffersDoc>;
  private restartTimer?: NodeJS.Timeout;
  private restarting?: Promise<void>;
  private restartsInARow = 0;
  private lastRestartAt = 0;
  private shuttingDown = false;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    // the outbox only fills when there is a broker to empty it; live batches are written off the event loop
    this.readModels = ReadModelStore.open(join(config.dataDir, 'read-models.db'), {
      outboxFor: config.kafka ? ['execution-tracking', 'alerts', 'support-cases', 'job-offers'] : [],
      writeBehind: true,
    });
    const options = (name: string) => ({
      onError: (error: unknown) => {
        this.logger.error(`${name} stopped: ${String(error)}`);
        this.scheduleRestart();
      },
      onNotice: (message: string) => this.logger.warn(`${name}: ${message}`),
      onParked: (p: ParkedEvent) => this.logger.error(`${name} parked event ${p.eventId} (${p.type}, ${positionToString(p.position)}) blocking [${p.keys.join(', ')}]: ${p.error}`),
      onCommitted: (batch: CommittedBatch) => this.listeners.forEach((listen) => listen(batch)),
    });
    this.tracking = new ProjectionRunner(store, this.readModels, executionTrackingProjection, options('execution tracking'));
    this.alerts = new ProjectionRunner(store, this.readModels, alertsProjection(config.alertRules), options('alerts'));
    this.bilans = new ProjectionRunner(store, this.readModels, bilanProjection, options('bilans'));
    this.lastContact = new ProjectionRunner(store, this.readModels, lastContactProjection, options('last contact'));
    this.supportCases = new ProjectionRunner(store, this.readModels, supportCasesProjection, options('support cases'));
    this.jobOffers = new ProjectionRunner(store, this.readModels, jobOffersProjection, options('job offers'));
    this.marketStreams = new ProjectionRunner(store, this.readModels, marketStreamsProjection as ProjectionRunner<unknown>['projection'], options('market streams'));
  }

  get runners(): ProjectionRunner<unknown>[] {
    return [
      this.tracking as ProjectionRunner<unknown>, this.alerts, this.bilans as ProjectionRunner<unknown>, this.lastContact as ProjectionRunner<unknown>,
      this.supportCases as ProjectionRunner<unknown>, this.jobOffers as ProjectionRunner<unknown>, this.marketStreams,
    ];
  }

  /** Called after every committed batch of every projection (publishers, notifiers). */
  onCommitted(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Never throws: a projection that cannot start is reported failed in /health, the API serves the others. */
  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    // one read of the log feeds every read model
    await ProjectionRunner.startAll(this.runners);
    for (const runner of this.runners) {
      const { state, error, parked } = runner.status();
      if (state === 'failed') this.logger.error(`${runner.projection.name} could not start: ${error}`);
      else this.logger.log(`${runner.projection.name} caught up at ${positionToString(runner.position)} in ${Date.now() - started} ms${parked ? `, ${parked} parked event(s)` : ''}`);
    }
  }

  runner(name: string): ProjectionRunner<unknown> | undefined {
    return this.runners.find((r) => r.projection.name === name);
  }

  /**
   * Refuses to show a market one of whose documents is blocked (in any projection): its figures
   * would be wrong or half there until an operator repairs the parked event.
   */
  assertMarketReadable(marketId: string): void {
    const parked = this.marketBlocker(marketId);
    if (parked) throw new ReadModelBlockedError(`market ${marketId}`, parked);
  }

  /** The parked event a market's documents wait for, if any. */
  marketBlocker(marketId: string): ParkedEvent | undefined {
    // the alerts of a market live in its header and one document per placement: an event parked on any of them counts
    return this.tracking.blockerOf(marketId) ?? this.alerts.blockerOf(marketAlertsKey(marketId)) ?? this.alerts.blockerUnder(placementAlertsPrefix(marketId))
      ?? this.bilans.blockerOf(`market:${marketId}`);
  }

  /**
   * A read model that failed (its store refused a write, the event store was unreachable) is started
   * again from its checkpoint after a wait that grows while it keeps failing, as a restart of the
   * process would: the read models heal from a passing failure without an operator.
   */
  private scheduleRestart(): void {
    if (this.shuttingDown || this.restartTimer) return;
    if (Date.now() - this.lastRestartAt > STABLE_MS) this.restartsInARow = 0;
    const wait = RESTART_AFTER_MS[Math.min(this.restartsInARow, RESTART_AFTER_MS.length - 1)];
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      const restarting: Promise<void> = this.restartFailed().finally(() => {
        if (this.restarting === restarting) this.restarting = undefined;
      });
      this.restarting = restarting;
    }, wait);
    this.restartTimer.unref();
  }

  /** Starts the failed read models again, together (one read of the log), each from its checkpoint. */
  private async restartFailed(): Promise<void> {
    await this.restarting;
    const failed = this.runners.filter((runner) => runner.status().state === 'failed');
    if (this.shuttingDown || failed.length === 0) return;
    this.restartsInARow++;
    this.lastRestartAt = Date.now();
    // the writer thread is started again if it was the one that failed
    this.readModels.resumeWriteBehind();
    await ProjectionRunner.startAll(failed);
    for (const runner of failed) {
      const { state, position } = runner.status();
      if (state === 'live') this.logger.warn(`${runner.projection.name} started again after a failure, live at ${positionToString(position)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearTimeout(this.restartTimer);
    await this.restarting;
    for (const runner of this.runners) await runner.stop();
    this.readModels.close();
  }

  /** A market's alerts, assembled from the alerts read model's header and placement documents. */
  marketAlerts(marketId: string): MarketAlertsDoc | undefined {
    const name = this.alerts.projection.name;
    return marketAlerts(marketId, (key) => this.readModels.get(name, key), (prefix) => this.readModels.listByPrefix(name, prefix));
  }

  async status(): Promise<(RunnerStatus & { behind: boolean })[]> {
    const head = await this.store.headPosition();
    return this.runners.map((runner) => {
      const s = runner.status();
      return { ...s, behind: comparePositions(s.position, head) < 0 };
    });
  }
}
