import { WrittenKeys } from './written-keys';

describe('WrittenKeys (the keys a pass from an empty read model has written)', () => {
  const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}:m-${i}/placement:m-${i}-p${i % 10}`);

  it('says "maybe" for every key added, however many', () => {
    const written = new WrittenKeys(2 ** 16);
    const added = keys('alerts', 100_000);
    for (const key of added) written.add(key);
    expect(added.filter((key) => !written.mayHave(key))).toEqual([]);
  });

  it('says "no" for nearly every key never added while it holds a sixteenth of its bits in keys', () => {
    const written = new WrittenKeys(2 ** 20);
    for (const key of keys('written', 2 ** 16)) written.add(key);
    const maybes = keys('never', 100_000).filter((key) => written.mayHave(key)).length;
    expect(maybes).toBeLessThan(100_000 * 0.005);
    expect(written.full).toBe(false);
  });

  it('is full once so many keys were added that most others would be answered "maybe"', () => {
    const written = new WrittenKeys(2 ** 16);
    let added = 0;
    while (!written.full) written.add(`key-${added++}`);
    // 4 bits a key: half of them set after ~0.17 keys a bit
    expect(added).toBeGreaterThan(2 ** 16 * 0.15);
    expect(added).toBeLessThan(2 ** 16 * 0.19);
    expect(keys('never', 10_000).filter((key) => written.mayHave(key)).length).toBeGreaterThan(10_000 / 32);
  });

  it('refuses a size that is not a power of two of at least 32 (the bits past the words would answer "never written")', () => {
    for (const bits of [16, 48, 1000, 0]) expect(() => new WrittenKeys(bits)).toThrow(RangeError);
    const smallest = new WrittenKeys(32);
    smallest.add('k');
    expect(smallest.mayHave('k')).toBe(true);
  });
});
