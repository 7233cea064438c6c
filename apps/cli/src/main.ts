import 'reflect-metadata';
import { Command } from 'commander';
import { ConfigError } from '../../api/src/config/app-config';
import { tokenCommand } from './token-command';
import { historyCommand } from './history-command';
import { asOfCommand } from './as-of-command';
import { rebuildCommand } from './rebuild-command';
import { verifyCommand } from './verify-command';
import { exportCommand } from './export-command';

const program = new Command('clause-ledger').description('Clause Ledger operator\'s command line').addCommand(tokenCommand());
program.addCommand(historyCommand()).addCommand(asOfCommand()).addCommand(rebuildCommand()).addCommand(verifyCommand()).addCommand(exportCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
