import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/** The write side (domain, command handlers and what they run on) never imports the read side: a read model may lag. */
const ROOT = resolve(__dirname, '..');
/** Configuration is read once at start-up for both sides (alert rules, Kafka): following it would say nothing about decisions. */
const NOT_FOLLOWED = /^apps\/api\/src\/config\//;
const READ_SIDE = [/^@clause-ledger\/(projections|kafka)(\/|$)/, /(^|\/)libs\/(projections|kafka)\//, /(^|\/)tracking\/projections\.service$/, /(^|\/)bilans\/bilan-sources$/];

function sourceFiles(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter(keep);
}

const importsOf = (file: string): string[] => ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);

function localFile(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(join(ROOT, candidate)));
}

/** Every read-side import reachable from `file` through its own folder's relative imports, as "importer -> specifier". */
export function readSideImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return importsOf(file).flatMap((specifier) => {
    if (READ_SIDE.some((pattern) => pattern.test(specifier))) return [`${file} -> ${specifier}`];
    const next = localFile(file, specifier);
    return next && !NOT_FOLLOWED.test(next) ? readSideImports(next, seen) : [];
  });
}

const commandHandlers = sourceFiles('apps/api/src', (f) => f.endsWith('.commands.ts') || f.includes('command-handling/'));
const domain = sourceFiles('libs/domain/src', () => true);

describe('the write side never imports the read side', () => {
  it('finds the command handlers and the domain it checks', () => {
    expect(commandHandlers).toEqual(expect.arrayContaining(['apps/api/src/badges/badge.commands.ts', 'apps/api/src/alerts/alert.commands.ts', 'apps/api/src/command-handling/command-executor.ts']));
    expect(domain.length).toBeGreaterThan(20);
  });
  it('sees a read-side import, also through a file in between', () => {
    expect(readSideImports('apps/api/src/bilans/bilans.controller.ts')).toEqual(expect.arrayContaining([expect.stringMatching(/bilans\.controller\.ts -> @clause-ledger\/projections$/)]));
    expect(readSideImports('apps/api/src/health/health.controller.ts').join('\n')).toMatch(/projections/);
  });
  it.each(commandHandlers)('%s decides on streams only', (file) => {
    expect(readSideImports(file)).toEqual([]);
  });
  it('the domain imports nothing but itself: no read side, no framework, no I/O', () => {
    expect(domain.flatMap((file) => importsOf(file).filter((s) => !s.startsWith('.')).map((s) => `${file} -> ${s}`))).toEqual([]);
  });
});
