import { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { START, comparePositions } from '@clause-ledger/event-store';
import { ProjectionRunner, allProjections } from '@clause-ledger/projections';
import { printJson, withSession } from './audit-session';

/** `rebuild`: every read model folded again from position 0 in one read of the log (stop the API first: it holds the same read models). */
export function rebuildCommand(): Command {
  return new Command('rebuild')
    .description('fold every read model again from position 0, in one read of the log, with a progress bar each (stop the API first)')
    .option('--json', 'the counts as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await withSession(async ({ config, store, readModels }) => {
        const head = await store.headPosition();
        const total = Math.max(comparePositions(head, START) === 0 ? 0 : Number(head.commit) + 1, 1);
        const bars = new MultiBar({ format: '{projection} {bar} {percentage}% | {events} events', hideCursor: true }, Presets.shades_classic);
        const events = new Map<string, number>();
        const runners = allProjections(config.alertRules).map((projection) => {
          const bar = bars.create(total, 0, { projection: projection.name.padEnd(20), events: 0 });
          return new ProjectionRunner(store, readModels, projection, {
            onCommitted: (batch) => {
              events.set(projection.name, (events.get(projection.name) ?? 0) + batch.eventIds.length);
              bar.update(Number(batch.position.commit) + 1, { events: events.get(projection.name) });
            },
          });
        });
        const started = Date.now();
        try {
          await ProjectionRunner.rebuildAll(runners);
        } finally {
          bars.stop();
        }
        const ms = Date.now() - started;
        return runners.map((runner) => {
          const { state, error, parked } = runner.status();
          if (state === 'failed') throw new Error(`${runner.projection.name} failed: ${error}`);
          return { projection: runner.projection.name, events: events.get(runner.projection.name) ?? 0, documents: readModels.list(runner.projection.name).length, parked, ms };
        });
      });
      if (options.json) return printJson(report);
      report.forEach((r) => process.stdout.write(`${r.projection}: ${r.events} events folded, ${r.documents} documents, ${r.parked} parked\n`));
      process.stdout.write(`every read model rebuilt in ${report[0]?.ms ?? 0} ms (one read of the log)\n`);
    });
}
