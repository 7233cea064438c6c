import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, comparePositions, positionToString } from '@clause-ledger/event-store';
import {
  BilanDoc, CommittedBatch, MarketAlertsDoc, MarketTrackingDoc, ProjectionRunner, ReadModelStore, RunnerStatus, alertsProjection,
  bilanProjection, executionTrackingProjection, SupportCasesReadModel, supportCasesProjection,
} from '@clause-ledger/projections';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens';

type Listener = (batch: CommittedBatch) => void;

/** Runs the projections next to the API: caught up before the app listens, live afterwards. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly listeners: Listener[] = [];
  readonly readModels: ReadModelStore;
  readonly tracking: ProjectionRunner<MarketTrackingDoc>;
  readonly alerts: ProjectionRunner<unknown>;
  readonly bilans: ProjectionRunner<BilanDoc>;
  readonly supportCases: ProjectionRunner<SupportCasesReadModel>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    // the outbox only fills when there is a broker to empty it
    this.readModels = ReadModelStore.open(join(config.dataDir, 'read-models.db'), { outboxFor: config.kafka ? ['execution-tracking', 'alerts', 'support-cases'] : [] });
    const options = (name: string) => ({
      onError: (error: unknown) => this.logger.error(`${name} stopped: ${String(error)}`),
      onCommitted: (batch: CommittedBatch) => this.listeners.forEach((listen) => listen(batch)),
    });
    this.tracking = new ProjectionRunner(store, this.readModels, executionTrackingProjection, options('execution tracking'));
    this.alerts = new ProjectionRunner(store, this.readModels, alertsProjection(config.alertRules), options('alerts'));
    this.bilans = new ProjectionRunner(store, this.readModels, bilanProjection, options('bilans'));
    this.supportCases = new ProjectionRunner(store, this.readModels, supportCasesProjection, options('support cases'));
  }

  get runners(): ProjectionRunner<unknown>[] {
    return [this.tracking as ProjectionRunner<unknown>, this.alerts, this.bilans as ProjectionRunner<unknown>, this.supportCases as ProjectionRunner<unknown>];
  }

  /** Called after every committed batch of every projection (publishers, notifiers). */
  onCommitted(listener: Listener): void {
    this.listeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners) {
      const started = Date.now();
      await runner.start();
      this.logger.log(`${runner.projection.name} caught up at ${positionToString(runner.position)} in ${Date.now() - started} ms`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const runner of this.runners) await runner.stop();
    this.readModels.close();
  }

  marketAlerts(marketId: string): MarketAlertsDoc | undefined {
    return this.readModels.get<MarketAlertsDoc>(this.alerts.projection.name, `market:${marketId}`);
  }

  async status(): Promise<(RunnerStatus & { behind: boolean })[]> {
    const head = await this.store.headPosition();
    return this.runners.map((runner) => {
      const s = runner.status();
      return { ...s, behind: comparePositions(s.position, head) < 0 };
    });
  }
}
