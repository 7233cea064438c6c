import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { until } from './until';

/**
 * Byte scans for a person's data: each value as UTF-8 in its written, upper and lower case and in
 * Unicode NFC and NFD, plus its longest ASCII run compared case-insensitively (which also catches
 * JSON \u escapes of the accented letters around it).
 */
export function personalDataIn(haystack: Buffer, values: readonly string[]): string[] {
  const asciiLower = Buffer.from(haystack.map((b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b)));
  const found = new Set<string>();
  for (const value of values) {
    const variants = [value, value.toUpperCase(), value.toLowerCase()].flatMap((v) => [v.normalize('NFC'), v.normalize('NFD')]);
    if (variants.some((v) => haystack.includes(Buffer.from(v, 'utf8')))) found.add(value);
    const asciiRun = longestAsciiRun(value).toLowerCase();
    if (asciiRun.length >= 5 && asciiLower.includes(Buffer.from(asciiRun, 'ascii'))) found.add(value);
  }
  return [...found];
}

function longestAsciiRun(value: string): string {
  return value.split(/[^\x20-\x7e]+/).reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** Every file under a directory (the data dir: stores, their -wal/-shm/journals, keys, mails). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Which files under `dir` hold any of the values, with what they hold. */
export function filesHolding(dir: string, values: readonly string[], keep: (path: string) => boolean = () => true): Record<string, string[]> {
  return Object.fromEntries(filesUnder(dir).filter(keep).map((f) => [f, personalDataIn(readFileSync(f), values)] as const).filter(([, found]) => found.length > 0));
}

/** Polls until `check` holds: the waits of a test on what it then asserts. */
export const waitUntil = (what: string, check: () => boolean | Promise<boolean>, ms = 60_000) => until(check, ms, what);
