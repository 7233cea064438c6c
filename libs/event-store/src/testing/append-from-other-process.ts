import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Test helper: runs appends from a separate Node process on the same store file, to prove what a
 * second process sees and what survives a crash. The child loads the TypeScript sources through a
 * transpile-only require hook, so no build is needed.
 */
export interface OtherProcessAppends {
  file: string;
  streamId: string;
  count: number;
  /** Pause between two appends, so that another writer can get in. */
  pauseMs?: number;
  /** Kill the process (SIGKILL, no close, no clean-up) right after the last append was acknowledged. */
  crashAfter?: boolean;
}

export interface OtherProcessOutcome {
  /** Ids of the events whose append was acknowledged, in order. */
  acknowledged: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const CHILD = `
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const [typescriptPath, storeModule, argsJson] = process.argv.slice(1);
const ts = require(typescriptPath);
require.extensions['.ts'] = (module, filename) => {
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  module._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename }).outputText, filename);
};
const { SqliteEventStore } = require(storeModule);
const { file, streamId, count, crashAfter, pauseMs } = JSON.parse(argsJson);
(async () => {
  const store = await SqliteEventStore.open(file);
  for (let n = 0; n < count; n++) {
    const id = randomUUID();
    await store.appendToStream(streamId, [{ id, type: 'WrittenElsewhere', data: { n, pid: process.pid } }], { expectedRevision: 'any' });
    fs.writeSync(1, 'acked ' + id + '\\n');
    if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  if (crashAfter) process.kill(process.pid, 'SIGKILL');
  await store.close();
})().catch((error) => { console.error(error); process.exit(1); });
`;

export function appendFromOtherProcess(args: OtherProcessAppends): Promise<OtherProcessOutcome> {
  const storeModule = join(__dirname, '../embedded/sqlite-event-store.ts');
  const child = spawn(process.execPath, ['-e', CHILD, require.resolve('typescript'), storeModule, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const acknowledged = stdout.split('\n').filter((line) => line.startsWith('acked ')).map((line) => line.slice('acked '.length));
      resolve({ acknowledged, code, signal, stderr });
    });
  });
}
