import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config/app-config';
import { startApp } from './bootstrap';
import { localIssuerKeyFile, mintLocalToken } from './auth/local-issuer';

async function main(): Promise<void> {
  // everything the service writes (databases, keys, mails) is for its own user only
  process.umask(0o077);
  const config = loadConfig();
  const firstRun = config.auth.localIssuer && !existsSync(localIssuerKeyFile(config.dataDir));
  const app = await startApp(config);
  const url = await app.getUrl();
  console.log(`Clause Ledger API listening on ${url} (OpenAPI: ${url}/docs), data in ${config.dataDir}`);
  if (firstRun) console.log(await gettingStarted(config.dataDir, url));
}

/** First start with the embedded issuer: how to sign in, and a token to try the API right away. */
async function gettingStarted(dataDir: string, url: string): Promise<string> {
  const token = await mintLocalToken(dataDir, { role: 'FACILITATOR', organisationId: 'mef-cotentin', userId: 'c.lefevre', expiresIn: '12h' });
  return [
    '',
    'First start: the embedded sign-in issuer\'s key was created under DATA_DIR/keys.',
    'Mint a token for a role and organisation with:',
    '  npm run -s token -- --role FACILITATOR --organisation mef-cotentin --user c.lefevre',
    '(roles: FACILITATOR, BUYER, COMPANY, AUDITOR, ADMIN). A facilitator token for mef-cotentin, valid 12 h:',
    `  ${token}`,
    `Try: curl -H "Authorization: Bearer <token>" ${url}/markets`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
