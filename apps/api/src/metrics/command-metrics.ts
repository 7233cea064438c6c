import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** Seconds: a command is a few ms on the embedded store, a slow one a few hundred. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The app's own registry (never prom-client's global one: tests run several apps in one process). */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
}

/** Rate and latency of the commands, per command type and outcome, as the executor sees them. */
@Injectable()
export class CommandMetrics {
  private readonly duration: Histogram<'command_type' | 'outcome'>;
  private readonly total: Counter<'command_type' | 'outcome'>;

  constructor({ registry }: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'clause_ledger_command_duration_seconds', help: 'Time from a command reaching the executor to its answer (durable append included)',
      labelNames: ['command_type', 'outcome'], buckets: LATENCY_BUCKETS, registers: [registry],
    });
    this.total = new Counter({ name: 'clause_ledger_commands_total', help: 'Commands answered, by type and outcome (appended, replayed, refused)', labelNames: ['command_type', 'outcome'], registers: [registry] });
  }

  /** Times `run` and counts its outcome. */
  async observe<T extends { replayed: boolean }>(commandType: string, run: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    let outcome = 'refused';
    try {
      const result = await run();
      outcome = result.replayed ? 'replayed' : 'appended';
      return result;
    } finally {
      const labels = { command_type: commandType, outcome };
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      this.total.inc(labels);
    }
  }
}
