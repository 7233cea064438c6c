import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { startApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApp(config);
  const url = await app.getUrl();
  console.log(`Clause Ledger API listening on ${url} (OpenAPI: ${url}/docs), data in ${config.dataDir}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
