import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What was synced, in order: true for a directory. */
const synced: boolean[] = [];
jest.mock('node:fs', () => {
  const real = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...real, fsyncSync: (fd: number) => { synced.push(real.fstatSync(fd).isDirectory()); real.fsyncSync(fd); } };
});
import { readOrCreateOwnerOnlyJson } from './owner-only-file';

it('syncs the key, then the directory that names it: a power cut cannot lose a key that already signed something', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-key-sync-'));
  try {
    await readOrCreateOwnerOnlyJson(join(dir, 'signing-key.json'), async () => ({ kid: 'k' }));
    expect(synced).toEqual([false, true]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
