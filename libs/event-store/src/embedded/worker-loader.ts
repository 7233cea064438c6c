import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TransferListItem, Worker } from 'node:worker_threads';

/**
 * Run from the TypeScript sources (tests, scripts): a worker does not inherit the parent's loader,
 * so this thread transpiles the entry's files once and the worker compiles what it is given.
 */
const FROM_SOURCES = `
const { workerData } = require('node:worker_threads');
require.extensions['.ts'] = (module, filename) => module._compile(workerData.sources[filename], filename);
require(workerData.entry);
`;
const transpiled = new Map<string, Record<string, string>>();

/** The entry and every file it requires relatively, as CommonJS (transpile only, as ts-jest does). */
function transpiledSources(entry: string): Record<string, string> {
  const known = transpiled.get(entry);
  if (known) return known;
  // loaded only when run from the sources, where the compiler is installed (a dev dependency)
  const ts = require('typescript') as typeof import('typescript');
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const sources: Record<string, string> = {};
  for (const todo = [entry]; todo.length > 0;) {
    const file = realpathSync(todo.pop()!); // the worker's require hook is given real paths
    if (file in sources) continue;
    sources[file] = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file }).outputText;
    for (const [, relative] of sources[file].matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) todo.push(`${resolve(dirname(file), relative)}.ts`);
  }
  transpiled.set(entry, sources);
  return sources;
}

/**
 * A worker running `entry`, compiled (.js) or from the TypeScript sources (.ts: the entry may require
 * packages and relative files, not the monorepo's path aliases). `workerData` reaches it as is, with
 * the ports of `transferList` moved to it.
 */
export function startWorker(entry: string, workerData: Record<string, unknown>, transferList: TransferListItem[] = []): Worker {
  return entry.endsWith('.ts')
    ? new Worker(FROM_SOURCES, { eval: true, workerData: { ...workerData, entry, sources: transpiledSources(entry) }, transferList })
    : new Worker(entry, { workerData, transferList });
}
