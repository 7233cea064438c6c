import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EventStore, comparePositions } from '@clause-ledger/event-store';
import { ProjectionsService } from '../tracking/projections.service';
import { ReadModelPublishing } from '../health/read-model-publishing';
import { EVENT_STORE } from '../infrastructure/tokens';
import { MetricsRegistry } from './command-metrics';

/** What is read at scrape time: projection lag, Kafka outbox, event-loop delay since the last scrape. */
@Injectable()
export class RuntimeMetrics implements OnApplicationShutdown {
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor({ registry }: MetricsRegistry, projections: ProjectionsService, publishing: ReadModelPublishing, @Inject(EVENT_STORE) store: EventStore) {
    this.loopDelay.enable();
    const lag = (name: string, help: string, measure: (behind: { positions: number; seconds: number }) => number) =>
      new Gauge({
        name, help, labelNames: ['projection'], registers: [registry],
        async collect() {
          const head = await store.headPosition();
          for (const runner of projections.runners) {
            const { position } = runner.status();
            const behind = comparePositions(position, head) < 0;
            // seconds: how long the oldest event the read model lacks has been waiting
            const [next] = behind ? await store.readAll({ after: position, maxCount: 1 }) : [];
            const seconds = next ? Math.max(0, (Date.now() - Date.parse(next.recordedAt)) / 1000) : 0;
            this.set({ projection: runner.projection.name }, measure({ positions: behind ? Number(head.commit - position.commit) : 0, seconds }));
          }
        },
      });
    lag('clause_ledger_projection_lag_positions', 'How far a read model is behind the head of the log (global positions; events on the embedded store)', (b) => b.positions);
    lag('clause_ledger_projection_lag_seconds', 'Age of the oldest event a read model has not folded yet (0 when caught up)', (b) => b.seconds);
    new Gauge({
      name: 'clause_ledger_kafka_outbox_messages', help: 'Read-model changes waiting in the outbox for Kafka (0 when Kafka is off)', registers: [registry],
      collect() {
        const status = publishing.status();
        this.set(status.enabled ? status.pendingMessages : 0);
      },
    });
    const delay = this.loopDelay;
    new Gauge({
      name: 'clause_ledger_event_loop_delay_seconds', help: 'Event-loop delay since the previous scrape (perf_hooks.monitorEventLoopDelay)', labelNames: ['quantile'], registers: [registry],
      collect() {
        if (delay.count > 0) for (const q of [50, 99]) this.set({ quantile: String(q / 100) }, delay.percentile(q) / 1e9);
        if (delay.count > 0) this.set({ quantile: '1' }, delay.max / 1e9);
        delay.reset();
      },
    });
  }

  onApplicationShutdown(): void {
    this.loopDelay.disable();
  }
}
