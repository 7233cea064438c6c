import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../../test/support/test-api';
import { EmbeddedKeyStore } from './embedded-key-store';
import { KeyDestroyedError } from './key-store';

describe('the embedded personal-data key store', () => {
  const dir = tempDir('keys');
  const file = join(dir.path, 'personal-data-keys.db');
  let keys: EmbeddedKeyStore;
  beforeAll(() => {
    keys = EmbeddedKeyStore.open(file);
  });
  afterAll(async () => {
    await keys.close();
    dir.remove();
  });

  it('gives the same key on every call for a person, so a retried registration reuses it', async () => {
    const first = await keys.keyFor('ben-1');
    const again = await keys.keyFor('ben-1');
    expect([again.kid, again.key.equals(first.key), first.key.length]).toEqual([first.kid, true, 32]);
    expect((await keys.keyFor('ben-2')).key.equals(first.key)).toBe(false);
  });

  it('is a file readable by the service\'s user only', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('destroys a key for good: not found, not recreated, its bytes gone from the file', async () => {
    const { kid, key } = await keys.keyFor('ben-3');
    expect(readFileSync(file).includes(key)).toBe(true);
    await keys.destroy('ben-3');
    await keys.destroy('ben-3');
    expect(await keys.find('ben-3', kid)).toBeUndefined();
    await expect(keys.keyFor('ben-3')).rejects.toBeInstanceOf(KeyDestroyedError);
    expect(readFileSync(file).includes(key)).toBe(false);
  });

  it('finds a key only under its own id', async () => {
    const { kid } = await keys.keyFor('ben-4');
    expect([await keys.find('ben-4', 'other-kid'), (await keys.find('ben-4', kid))?.kid]).toEqual([undefined, kid]);
  });
});
