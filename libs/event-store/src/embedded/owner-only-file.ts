import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates a database file readable and writable by the service's user only (0600), in a directory
 * created 0700, before SQLite opens it: SQLite gives its -wal and -shm files the database file's
 * mode, so the whole set stays private. Beneficiaries' data must never be world-readable.
 */
export function ownerOnlyFile(filePath: string): void {
  if (filePath === ':memory:') return;
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  closeSync(openSync(filePath, 'a', 0o600));
  // a file created by an earlier version (0644) is tightened too
  chmodSync(filePath, 0o600);
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * The JSON value kept in `file` (a signing key), created by `create` when there is none: written
 * whole and synced under a draft name, then hard-linked to `file`, so another process starting at
 * the same moment never reads half a file, and the first one linked is the one every process uses.
 * A file system without hard links (some mounted volumes) gets a rename instead: never half a file
 * either, though two processes starting at the very same moment could each keep their own key.
 * The directory is synced too: a key that signed something must still be there after a power cut.
 * `link` is the file system's hard link (replaced in tests by one that has none).
 */
export async function readOrCreateOwnerOnlyJson<T>(file: string, create: () => Promise<T>, link: (from: string, to: string) => void = linkSync): Promise<T> {
  if (!existsSync(file)) {
    const text = JSON.stringify(await create());
    const dir = ownerOnlyDirectory(file);
    const draft = draftOf(file);
    try {
      writeSynced(draft, text);
      try {
        link(draft, file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // EEXIST: another process linked its own first, and that one is used
        if (code !== 'EEXIST' && !(code && NO_HARD_LINKS.has(code))) throw error;
        if (code !== 'EEXIST' && !existsSync(file)) renameSync(draft, file);
      }
    } finally {
      rmSync(draft, { force: true });
    }
    syncDirectory(dir);
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new Error(
      `the key file ${file} is not readable JSON (${error.message}): it was probably left half-written by an interrupted first start of an earlier version. ` +
      'If nothing was signed with it yet, delete it and start again; otherwise restore it from a backup.',
      { cause: error },
    );
  }
}

/** Replaces `file` by `value` whole (written and synced under a draft name, then renamed): a crash leaves the old file or the new one. */
export function writeOwnerOnlyJson(file: string, value: unknown): void {
  const text = JSON.stringify(value);
  const dir = ownerOnlyDirectory(file);
  const draft = draftOf(file);
  try {
    writeSynced(draft, text);
    renameSync(draft, file);
  } finally {
    rmSync(draft, { force: true });
  }
  syncDirectory(dir);
}

/** The file's directory, created 0700 if missing (and its own directory synced, so the new entry lasts). */
function ownerOnlyDirectory(file: string): string {
  const dir = dirname(file);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    syncDirectory(dirname(dir));
  }
  return dir;
}

const draftOf = (file: string) => `${file}.${process.pid}.${randomUUID()}.draft`;

function writeSynced(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeFileSync(fd, text); // writes until every byte is written
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
