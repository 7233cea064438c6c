import { randomUUID } from 'node:crypto';
import { CompactSign, JWK, compactVerify, createLocalJWKSet } from 'jose';
import { EventStore, StreamNotFoundError } from '../event-store.port';
import { CheckpointResult, DigestClaim, LogVerification, verifyLog } from '../chain/verify-log';
import { AUDIT_ALG, AuditSigningKey } from './audit-signing-key';

export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_SIGNED = 'AuditCheckpointSigned';

/** What the organisation signs: the digest of the global order up to a position of one store, on a date. */
export interface CheckpointPayload {
  readonly storeId: string;
  readonly position: string;
  readonly digest: string;
  readonly date: string;
}

export interface SignedCheckpoint extends CheckpointPayload {
  readonly keyId: string;
  /** Compact JWS (EdDSA) of the payload: checkable with the JWK set alone. */
  readonly jws: string;
}

export class CheckpointRefusedError extends Error {
  constructor(readonly verification: LogVerification) {
    super(`the log does not verify (${verification.findings.length} finding(s), ${verification.checkpoints.filter((c) => !c.ok).length} failed checkpoint(s)): no checkpoint is signed over it`);
    this.name = 'CheckpointRefusedError';
  }
}

/**
 * Verifies the whole log, then signs the recomputed digest at its head and appends the checkpoint
 * to CHECKPOINT_STREAM. A log that does not verify is never signed (CheckpointRefusedError): a
 * checkpoint must vouch only for what the chain vouches for.
 */
export async function signCheckpoint(store: EventStore, key: AuditSigningKey, date: string): Promise<SignedCheckpoint> {
  const verification = await verifyStore(store, key.jwks);
  if (!verification.ok) throw new CheckpointRefusedError(verification);
  if (verification.events === 0) throw new CheckpointRefusedError({ ...verification, ok: false });
  const payload: CheckpointPayload = { storeId: await store.storeIdentity(), position: verification.head, digest: verification.digest, date };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: AUDIT_ALG, kid: key.keyId }).sign(key.privateKey);
  const checkpoint: SignedCheckpoint = { ...payload, keyId: key.keyId, jws };
  await store.appendToStream(CHECKPOINT_STREAM, [{ id: randomUUID(), type: CHECKPOINT_SIGNED, data: checkpoint }], { expectedRevision: 'any' });
  return checkpoint;
}

export async function readCheckpoints(store: EventStore): Promise<SignedCheckpoint[]> {
  try {
    return (await store.readStream(CHECKPOINT_STREAM)).filter((e) => e.type === CHECKPOINT_SIGNED).map((e) => e.data as SignedCheckpoint);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

/** The payload a checkpoint's signature vouches for, or why it vouches for nothing. */
export async function checkSignature(jws: string, jwks: { keys: JWK[] }): Promise<CheckpointPayload> {
  const { payload } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: [AUDIT_ALG] });
  return JSON.parse(new TextDecoder().decode(payload)) as CheckpointPayload;
}

/** verifyLog plus every signed checkpoint of the log: its signature, its store, and its digest against the recomputed one. */
export async function verifyStore(store: EventStore, jwks: { keys: JWK[] }, onProgress?: (eventsRead: number) => void): Promise<LogVerification> {
  const storeId = await store.storeIdentity();
  const claims: DigestClaim[] = [];
  const refused: CheckpointResult[] = [];
  for (const checkpoint of await readCheckpoints(store)) {
    const said = { position: String(checkpoint.position), digest: String(checkpoint.digest), date: String(checkpoint.date) };
    try {
      const signed = await checkSignature(checkpoint.jws, jwks);
      if (signed.storeId !== storeId) refused.push({ ...said, ok: false, message: `checkpoint of ${said.date} was signed for store ${signed.storeId}, not this one (${storeId})` });
      else claims.push({ position: signed.position, digest: signed.digest, date: signed.date });
    } catch (error) {
      refused.push({ ...said, ok: false, message: `checkpoint of ${said.date} at position ${said.position}: its signature does not verify with the organisation's keys (${(error as Error).message})` });
    }
  }
  const verification = await verifyLog(store, { claims, onProgress });
  return { ...verification, ok: verification.ok && refused.length === 0, checkpoints: [...verification.checkpoints, ...refused] };
}
