/**
 * verify.mjs, shipped in every export: re-verifies it with Node.js alone (node:crypto, no package).
 * It must recompute exactly what chain/event-chain.ts computes; the export spec runs it.
 */
export const EXPORT_VERIFIER_SCRIPT = String.raw`#!/usr/bin/env node
// Re-verifies this export without Clause Ledger: node verify.mjs   (Node.js 18 or later, nothing to install)
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
const read = (file) => readFileSync(new URL(file, import.meta.url), 'utf8').split('\n').filter((l) => l !== '');
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const sorted = (_key, v) => v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v;
const canonical = (value) => JSON.stringify(value, sorted);
const failures = [];
// 1. the hash trail of the whole log, in its order: the global digest at every position
const trail = new Map();
let digest = '0'.repeat(64);
for (const line of read('log-hashes.txt')) {
  const [position, hash] = line.split(' ');
  digest = sha256(digest + hash);
  trail.set(position, { hash, digest });
}
// 2. every exported event: its content gives its hash, which is the log's at its position
const streams = new Map();
read('events.jsonl').forEach((line, i) => {
  const e = JSON.parse(line);
  const where = 'events.jsonl line ' + (i + 1) + ' (position ' + e.position + ', ' + e.streamId + '@' + e.revision + ')';
  if (e.hash === undefined) return console.log('note: ' + where + ' was written before hashing existed');
  const hash = sha256(canonical([e.streamId, e.revision, e.id, e.type, e.data, e.metadata, e.previousHash]));
  if (hash !== e.hash) failures.push(where + ': its content does not give its hash (altered)');
  else if (trail.get(e.position)?.hash !== hash) failures.push(where + ': the log holds another hash at this position');
  const last = streams.get(e.streamId);
  if (last && BigInt(e.revision) === BigInt(last.revision) + 1n && e.previousHash !== last.hash) failures.push(where + ': does not follow the previous event of its stream');
  streams.set(e.streamId, e);
});
// 3. every checkpoint: signed by the organisation's key (jwks.json), and the digest it signed is the trail's
const keys = JSON.parse(readFileSync(new URL('jwks.json', import.meta.url), 'utf8')).keys;
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
for (const [i, line] of read('checkpoints.jsonl').entries()) {
  const [header, payload, signature] = JSON.parse(line).jws.split('.');
  const key = keys.find((k) => k.kid === decode(header).kid);
  const signed = key && verify(null, Buffer.from(header + '.' + payload), createPublicKey({ key, format: 'jwk' }), Buffer.from(signature, 'base64url'));
  const claim = decode(payload);
  const where = 'checkpoints.jsonl line ' + (i + 1) + ' (' + claim.date + ', position ' + claim.position + ')';
  if (!signed) failures.push(where + ': the signature does not verify with jwks.json');
  else if (trail.get(claim.position)?.digest !== claim.digest) failures.push(where + ': the signed digest is not the log\'s at that position');
}
for (const failure of failures) console.error('FAILED ' + failure);
console.log(failures.length === 0 ? 'OK: ' + streams.size + ' streams, ' + trail.size + ' log positions, every hash and checkpoint verified' : failures.length + ' failure(s)');
process.exit(failures.length === 0 ? 0 : 1);
`;
