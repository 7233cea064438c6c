import Database from 'libsql';
import { ownerOnlyFile } from './owner-only-file';
import { dirname } from 'node:path';

export type SqliteDatabase = InstanceType<typeof Database>;

/** Stamped in the file header (PRAGMA application_id) so that no other SQLite file is taken for an event store. */
const APPLICATION_ID = 0x434c4544; // "CLED"

/** MIGRATIONS[v] brings a file from schema version v to v + 1; the schema version is PRAGMA user_version. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     position INTEGER PRIMARY KEY AUTOINCREMENT, -- the global log; AUTOINCREMENT: a position is never reused
     stream_id TEXT NOT NULL,
     revision INTEGER NOT NULL,
     event_id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     metadata TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     UNIQUE (stream_id, revision)
   )`,
  // the store's identity, a random UUID (v4) stamped once: checkpoints kept elsewhere name the store they came from
  `CREATE TABLE store_identity (id TEXT NOT NULL);
   INSERT INTO store_identity (id)
     SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' ||
                  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12))
     FROM (SELECT hex(randomblob(16)) AS h)`,
  // tamper evidence (chain/event-chain.ts): rows written before this migration keep NULL, verify reports them as unhashed
  `ALTER TABLE events ADD COLUMN hash TEXT;
   ALTER TABLE events ADD COLUMN digest TEXT`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** How long a writer waits for another process's write transaction before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (or creates) the event store file, checks that it is one, and brings its schema up to date.
 * Any failure is reported with the file's path: a wrong DATA_DIR must stop the start-up clearly.
 */
export function openEventsDatabase(filePath: string): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    ownerOnlyFile(filePath);
    db = new Database(filePath);
    db.defaultSafeIntegers(true);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    useWriteAheadLog(db, filePath);
    // FULL, not NORMAL: in WAL mode NORMAL already keeps a committed append through a crash of this
    // process (the WAL write is in the OS cache), but not through an OS crash or a power cut. The log
    // is the system of record (bilans, badges, audits): an append we acknowledged must not vanish.
    // The price is one fsync per append transaction, whatever the number of events in it.
    db.exec('PRAGMA synchronous = FULL');
    migrate(db);
    return db;
  } catch (error) {
    if (db?.open) db.close();
    throw new Error(`cannot open the event store at ${filePath}: ${messageOf(error)}`, { cause: error });
  }
}

function useWriteAheadLog(db: SqliteDatabase, filePath: string): void {
  // WAL: readers (subscriptions, other processes) never block the writer, and commits are appends.
  const mode = pragma(db, 'journal_mode = WAL');
  if (mode !== 'wal' && filePath !== ':memory:') {
    throw new Error(`the file system refused write-ahead logging (journal_mode=${String(mode)})`);
  }
}

function migrate(db: SqliteDatabase): void {
  // IMMEDIATE: two processes opening a new file at once must not both create the schema.
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = Number(pragma(db, 'user_version'));
    checkIsEventStore(db, version);
    if (version > SCHEMA_VERSION) {
      throw new Error(`its schema version ${version} is newer than this program's (${SCHEMA_VERSION}); upgrade the program`);
    }
    // a file already current is not written: a commit would tell every process on it that another one wrote
    if (version === SCHEMA_VERSION && Number(pragma(db, 'application_id')) === APPLICATION_ID) {
      db.exec('ROLLBACK');
      return;
    }
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function checkIsEventStore(db: SqliteDatabase, version: number): void {
  const applicationId = Number(pragma(db, 'application_id'));
  if (applicationId === APPLICATION_ID) return;
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").raw().all() as [string][]).map(([name]) => name);
  const empty = applicationId === 0 && version === 0 && tables.length === 0;
  // files written before the application id was stamped: schema version 1, an events table
  const unstamped = applicationId === 0 && version >= 1 && tables.includes('events');
  if (empty || unstamped) return;
  throw new Error(
    `it is a SQLite database of something else (application_id ${applicationId}, tables: ${tables.join(', ') || 'none'})`,
  );
}

/** libsql returns pragma rows as objects (plus a `_metadata` key): take the single value. */
function pragma(db: SqliteDatabase, source: string): unknown {
  const [value] = db.prepare(`PRAGMA ${source}`).raw().all()[0] as unknown[];
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
