import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrCreateOwnerOnlyJson } from './owner-only-file';

describe('a key file created once', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-key-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every creator starting at the same moment the first one written, owner-only, with no draft left', async () => {
    const file = join(dir, 'keys', 'signing-key.json');
    let made = 0;
    const create = async () => {
      const n = ++made;
      await new Promise((resolve) => setTimeout(resolve, 5 * n)); // the second creator finishes its key later
      return { kid: `key-${n}` };
    };

    const [first, second] = await Promise.all([readOrCreateOwnerOnlyJson(file, create), readOrCreateOwnerOnlyJson(file, create)]);

    expect(made).toBe(2);
    expect(first).toEqual({ kid: 'key-1' });
    expect(second).toEqual(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'keys'))).toEqual(['signing-key.json']);
  });

  it('on a file system without hard links, the key is renamed into place whole', async () => {
    const file = join(dir, 'signing-key.json');
    const noHardLinks = jest.fn(() => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    });

    await expect(readOrCreateOwnerOnlyJson(file, async () => ({ kid: 'renamed' }), noHardLinks)).resolves.toEqual({ kid: 'renamed' });

    expect(noHardLinks).toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual(['signing-key.json']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leaves no draft behind when the key cannot be written', async () => {
    const file = join(dir, 'signing-key.json');

    await expect(readOrCreateOwnerOnlyJson(file, async () => ({ n: 1n }))).rejects.toThrow();

    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the key file when what it holds is not JSON (half-written by an earlier version), and what to do', async () => {
    const file = join(dir, 'signing-key.json');
    writeFileSync(file, '{"kid":"trunc');

    await expect(readOrCreateOwnerOnlyJson(file, async () => ({ kid: 'new' }))).rejects.toThrow(`the key file ${file} is not readable JSON`);
  });

  it('reads the key already there without creating one', async () => {
    const file = join(dir, 'signing-key.json');
    writeFileSync(file, JSON.stringify({ kid: 'kept' }));

    await expect(readOrCreateOwnerOnlyJson(file, () => Promise.reject(new Error('must not create')))).resolves.toEqual({ kid: 'kept' });
  });
});
