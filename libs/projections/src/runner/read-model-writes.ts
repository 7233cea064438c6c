import type Database from 'libsql';

/** A parked event as its row is written (see parkedEventRow). */
export interface ParkedEventRow {
  readonly projection: string; readonly eventId: string; readonly commit: bigint; readonly prepare: bigint; readonly streamId: string;
  readonly type: string; readonly error: string; readonly keys: string; readonly event: string;
}

/** One read model's batch as it is written: its documents serialised (null: deleted), its parking changes, its new checkpoint. */
export interface BatchWrite {
  readonly projection: string;
  readonly version: number;
  readonly docs: readonly (readonly [key: string, json: string | null])[];
  readonly position: string;
  /** The changes are also queued in the outbox for publishing (Kafka). */
  readonly publish: boolean;
  readonly parked: readonly ParkedEventRow[];
  readonly unparked: readonly string[];
}

/** Forgets the outbox entries up to a sequence (published). */
export const OUTBOX_ACK = 'DELETE FROM outbox WHERE seq <= ?';

/** Moves a checkpoint (position, version) and counts the commit: the first one is generation 0. */
export const SAVE_CHECKPOINT =
  'INSERT INTO checkpoints (projection, position, version) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version, generation = generation + 1 RETURNING generation';

/**
 * Writes batches on `db` (inside the caller's transaction) and returns each batch's checkpoint
 * generation. The same statements serve the API thread and the read models' writer thread, so a
 * batch is written alike on either.
 */
export function batchWriter(db: Database.Database): (batch: BatchWrite) => number {
  const upsert = db.prepare('INSERT INTO documents (projection, key, doc) VALUES (?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc');
  const remove = db.prepare('DELETE FROM documents WHERE projection = ? AND key = ?');
  const enqueue = db.prepare('INSERT INTO outbox (projection, key, doc, position) VALUES (?, ?, ?, ?)');
  const park = db.prepare(
    `INSERT INTO parked_events (projection, event_id, commit_position, prepare_position, stream_id, type, error, keys, event)
     VALUES (:projection, :eventId, :commit, :prepare, :streamId, :type, :error, :keys, :event)
     ON CONFLICT (projection, event_id) DO UPDATE SET error = excluded.error, keys = excluded.keys`,
  );
  const unpark = db.prepare('DELETE FROM parked_events WHERE projection = ? AND event_id = ?');
  const saveCheckpoint = db.prepare(SAVE_CHECKPOINT);
  return (batch) => {
    for (const eventId of batch.unparked) unpark.run(batch.projection, eventId);
    for (const row of batch.parked) park.run(row);
    for (const [key, json] of batch.docs) {
      if (json === null) remove.run(batch.projection, key);
      else upsert.run(batch.projection, key, json);
      if (batch.publish) enqueue.run(batch.projection, key, json, batch.position);
    }
    return Number((saveCheckpoint.get(batch.projection, batch.position, batch.version) as { generation: number | bigint }).generation);
  };
}
