import { createHash } from 'node:crypto';

/**
 * Tamper evidence. Each event carries `hash`: sha256 over a canonical encoding of its stream id,
 * revision, id, type, data, metadata and the hash of the previous event of its stream (GENESIS for
 * a stream's first event, or when that event was written before hashing existed). The global order
 * is covered by a running `digest`: sha256(previous digest + hash), from GENESIS, over hashed events
 * only. The per-stream hash depends only on the stream's previous event, which the expected
 * revision pins, so concurrent writers to other streams never break a chain.
 *
 * The encoding is kept simple enough to be recomputed by a 30-line script with node:crypto
 * (see audit/export-readme.ts): JSON of an array, object keys sorted at every depth.
 */
export const GENESIS = '0'.repeat(64);

/**
 * EventStoreDB has no column for the hash: its adapter writes it into the metadata under this key
 * at append time and takes it out again on read (the hash covers the metadata without it).
 */
export const CHAIN_HASH_KEY = 'clauseLedgerChainHash';

export interface ChainedFields {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Record<string, unknown>;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v);
}

export function eventHash(event: ChainedFields, previousHash: string): string {
  const encoded = canonicalJson([event.streamId, event.revision.toString(), event.id.toLowerCase(), event.type, event.data ?? null, event.metadata ?? {}, previousHash]);
  return sha256(encoded);
}

export function nextDigest(previousDigest: string, hash: string): string {
  return sha256(previousDigest + hash);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
