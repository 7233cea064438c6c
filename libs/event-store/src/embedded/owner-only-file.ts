import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
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
 * whole and synced under a name of its own, then linked to `file`, so another process starting at
 * the same moment never reads half a file, and the first one linked is the one every process uses.
 */
/** `link`: the file system's hard link (replaced in tests by one that has none). */
export async function readOrCreateOwnerOnlyJson<T>(file: string, create: () => Promise<T>, link: (from: string, to: string) => void = linkSync): Promise<T> {
  if (!existsSync(file)) {
    const value = await create();
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const draft = `${file}.${process.pid}.${randomUUID()}.draft`;
    const fd = openSync(draft, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(value));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      link(draft, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EEXIST: another process linked its own first, that one is used. A file system without hard links
      // (some mounted volumes) gets a rename instead: still never half a file, though not exclusive
      if (code !== 'EEXIST' && !(code && NO_HARD_LINKS.has(code))) throw error;
      if (code !== 'EEXIST' && !existsSync(file)) renameSync(draft, file);
    } finally {
      rmSync(draft, { force: true });
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
