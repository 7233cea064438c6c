/** Bits of a filter: 2 MiB, a few keys in a thousand answered "maybe" at 1 M keys, one in twenty-five at 2.5 M. */
const BITS = 2 ** 24;
const HASHES = 4;

/**
 * The keys a pass from an empty read model has written, as a Bloom filter: `mayHave` is false only
 * for a key never added (the store need not be asked), true for every key added and for a few others
 * (the store is asked, and answers). A fixed 2 MiB whatever the number of keys, where a set of the
 * keys themselves grows with them (it was dropped past 100,000 keys, and the store asked for every key after).
 */
export class WrittenKeys {
  private readonly bits: Int32Array;
  private readonly mask: number;
  private bitsSet = 0;

  /** `bits`: a power of two, at least 32 (the mask must stay inside the words). */
  constructor(bits = BITS) {
    if (!Number.isInteger(Math.log2(bits)) || bits < 32) throw new RangeError(`a filter's bits must be a power of two of at least 32, got ${bits}`);
    this.bits = new Int32Array(bits / 32);
    this.mask = bits - 1;
  }

  add(key: string): void {
    hash(key);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if ((this.bits[word] & mask) === 0) {
        this.bits[word] |= mask;
        this.bitsSet++;
      }
    }
  }

  mayHave(key: string): boolean {
    hash(key);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /** Half the bits set: "maybe" is the answer for more than one key never added in sixteen, the filter is no longer worth its lookups. */
  get full(): boolean {
    return this.bitsSet > this.mask / 2;
  }
}

/** The last key's two hashes, combined as h1 + i·h2 (Kirsch–Mitzenmacher); module variables, so a lookup allocates nothing. */
let h1 = 0;
let h2 = 0;

/** Two independent 32-bit hashes of the key: FNV-1a, and a multiplicative one. */
function hash(key: string): void {
  h1 = 0x811c9dc5;
  h2 = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  // an odd step visits HASHES distinct bits
  h2 |= 1;
}
