import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { JWK } from 'jose';
import { EventStore, Position, RecordedEvent, START, positionToString } from '../event-store.port';
import { GENESIS } from '../chain/event-chain';
import { readCheckpoints } from './checkpoints';
import { EXPORT_VERIFIER_SCRIPT } from './export-verifier-script';
import { exportReadme } from './export-readme';

export interface ExportSummary {
  readonly dir: string;
  readonly events: number;
  readonly logEvents: number;
  readonly checkpoints: number;
  readonly head: string;
}

/**
 * Writes into `dir` (created; existing files of the same names replaced) the events `concerns`
 * selects, in log order, with their hashes, the hash trail of the whole log, the signed checkpoints,
 * the public JWK set, a standalone verify.mjs and a README (fr/en). One streaming pass over the log.
 */
export async function exportAuditTrail(
  store: EventStore, concerns: (event: RecordedEvent) => boolean,
  options: { dir: string; title: string; jwks: { keys: JWK[] }; onProgress?: (eventsRead: number) => void },
): Promise<ExportSummary> {
  mkdirSync(options.dir, { recursive: true });
  const events = createWriteStream(join(options.dir, 'events.jsonl'));
  const trail = createWriteStream(join(options.dir, 'log-hashes.txt'));
  const lastHash = new Map<string, string>();
  let [exported, read] = [0, 0];
  let after: Position = START;
  for (let page = await store.readAll({ after }); page.length > 0; page = await store.readAll({ after })) {
    for (const e of page) {
      const position = positionToString(e.position);
      if (concerns(e)) {
        await write(events, `${JSON.stringify(exportLine(e, position, lastHash.get(e.streamId) ?? GENESIS))}\n`);
        exported += 1;
      }
      if (e.hash !== undefined) {
        await write(trail, `${position} ${e.hash}\n`);
        lastHash.set(e.streamId, e.hash);
      }
    }
    read += page.length;
    after = page[page.length - 1].position;
    options.onProgress?.(read);
  }
  await Promise.all([close(events), close(trail)]);
  const checkpoints = await readCheckpoints(store);
  writeFileSync(join(options.dir, 'checkpoints.jsonl'), checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
  writeFileSync(join(options.dir, 'jwks.json'), `${JSON.stringify(options.jwks, null, 2)}\n`);
  writeFileSync(join(options.dir, 'verify.mjs'), EXPORT_VERIFIER_SCRIPT, { mode: 0o755 });
  const head = positionToString(after);
  writeFileSync(join(options.dir, 'README.md'), exportReadme(options.title, { events: exported, checkpoints: checkpoints.length, head, storeId: await store.storeIdentity() }));
  return { dir: options.dir, events: exported, logEvents: read, checkpoints: checkpoints.length, head };
}

/** Revision as a string (it is one in the hashed encoding, and JSON has no bigint). */
function exportLine(e: RecordedEvent, position: string, previousHash: string) {
  const { streamId, id, type, data, metadata, recordedAt, hash } = e;
  return { position, streamId, revision: e.revision.toString(), id, type, data, metadata, recordedAt, ...(hash === undefined ? {} : { hash, previousHash }) };
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
