import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { START, comparePositions } from '@clause-ledger/event-store';
import {
  Projection, ProjectionRunner, alertsProjection, bilanProjection, executionTrackingProjection, lastContactProjection, marketStreamsProjection,
  supportCasesProjection, jobOffersProjection,
} from '@clause-ledger/projections';
import { AppConfig } from '../../api/src/config/app-config';
import { printJson, withSession } from './audit-session';

/** Every read model the API runs (test/read-models-list.spec.ts holds this list to ProjectionsService's). */
export const projections = (config: AppConfig): Projection<unknown>[] => [
  executionTrackingProjection, alertsProjection(config.alertRules), bilanProjection, lastContactProjection, supportCasesProjection, jobOffersProjection, marketStreamsProjection,
] as Projection<unknown>[];

/** `rebuild`: every read model folded again from position 0 (stop the API first: it holds the same read models). */
export function rebuildCommand(): Command {
  return new Command('rebuild')
    .description('fold every read model again from position 0, with a progress bar (stop the API first)')
    .option('--json', 'the counts as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await withSession(async ({ config, store, readModels }) => {
        const head = await store.headPosition();
        const total = comparePositions(head, START) === 0 ? 0 : Number(head.commit) + 1;
        const done = [];
        for (const projection of projections(config)) {
          const bar = new SingleBar({ format: `${projection.name.padEnd(20)} {bar} {percentage}% | {events} events`, hideCursor: true }, Presets.shades_classic);
          let events = 0;
          bar.start(Math.max(total, 1), 0, { events });
          const started = Date.now();
          const runner = new ProjectionRunner(store, readModels, projection, {
            onCommitted: (batch) => { events += batch.eventIds.length; bar.update(Number(batch.position.commit) + 1, { events }); },
          });
          await runner.rebuild();
          bar.update(Math.max(total, 1), { events });
          bar.stop();
          const { state, error, parked } = runner.status();
          if (state === 'failed') throw new Error(`${projection.name} failed: ${error}`);
          done.push({ projection: projection.name, events, documents: readModels.list(projection.name).length, parked, ms: Date.now() - started });
        }
        return done;
      });
      if (options.json) return printJson(report);
      report.forEach((r) => process.stdout.write(`${r.projection}: ${r.events} events folded, ${r.documents} documents, ${r.parked} parked, ${r.ms} ms\n`));
    });
}
