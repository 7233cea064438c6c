import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Runs an entry point (apps/api/src/main.ts, apps/cli/src/main.ts) from the TypeScript sources in a child process,
 * no build needed: a require hook transpiles each file (as ts-jest does) and maps the @clause-ledger/* aliases to libs/.
 */
const CHILD = `
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const [root, typescriptPath, entry, ...args] = process.argv.slice(1);
process.argv = [process.argv[0], entry, ...args];
const ts = require(typescriptPath);
const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true, sourceMap: false };
require.extensions['.ts'] = (module, filename) => {
  module._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename }).outputText, filename);
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@clause-ledger\\/(domain|event-store|projections|kafka)(\\/.*)?$/.exec(request);
  return resolveFilename.call(this, alias ? path.join(root, 'libs', alias[1], 'src', alias[2] ?? '') : request, ...rest);
};
require(path.join(root, entry));
`;

/** The API as a separate process on DATA_DIR, so that it can be killed with SIGKILL mid-request. */
export class ApiProcess {
  private constructor(private readonly child: ChildProcess, readonly url: string, private readonly exited: Promise<void>) {}

  /** Starts the API on a free port of 127.0.0.1 and resolves once it listens (the projections have caught up by then). */
  static start(env: Record<string, string>): Promise<ApiProcess> {
    const child = spawn(process.execPath, ['-e', CHILD, ROOT, require.resolve('typescript'), 'apps/api/src/main.ts'], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let output = '';
    return new Promise((ready, fail) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const listening = /listening on (http:\/\/\S+)/.exec(output);
        if (listening) {
          child.stdout!.off('data', onData);
          ready(new ApiProcess(child, listening[1].replace('[::1]', '127.0.0.1'), exited));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      child.once('exit', (code, signal) => fail(new Error(`the API exited before listening (${code ?? signal}):\n${output.slice(-2000)}`)));
    });
  }

  /** A crash: SIGKILL, no shutdown hook runs. Resolves once the process is gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A clean stop (SIGTERM: Nest's shutdown hooks close the stores). */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** The command line run once from the sources: its exit code and what it printed. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-e', CHILD, ROOT, require.resolve('typescript'), 'apps/cli/src/main.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
