import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
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
