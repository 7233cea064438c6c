import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { KeyDestroyedError, PersonalDataKey, PersonalDataKeyStore } from './key-store';

/**
 * Per-person keys in their own SQLite file (mode 0600), never in the event store. secure_delete
 * zeroes a destroyed key's bytes in the file; the rollback journal (not WAL) keeps no copy of them
 * after the commit. Keys are stored unwrapped: the file's permissions are its protection.
 */
export class EmbeddedKeyStore implements PersonalDataKeyStore {
  private readonly stmts;

  private constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = DELETE');
    db.pragma('secure_delete = ON');
    db.exec(`
      CREATE TABLE IF NOT EXISTS personal_data_keys (subject_id TEXT PRIMARY KEY, kid TEXT NOT NULL UNIQUE, key BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS destroyed_keys (subject_id TEXT PRIMARY KEY) WITHOUT ROWID;
    `);
    this.stmts = {
      create: db.prepare('INSERT INTO personal_data_keys (subject_id, kid, key) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM destroyed_keys WHERE subject_id = ?) ON CONFLICT (subject_id) DO NOTHING'),
      get: db.prepare('SELECT kid, key FROM personal_data_keys WHERE subject_id = ?'),
      remove: db.prepare('DELETE FROM personal_data_keys WHERE subject_id = ?'),
      tombstone: db.prepare('INSERT INTO destroyed_keys (subject_id) VALUES (?) ON CONFLICT DO NOTHING'),
    };
  }

  static open(filePath: string): EmbeddedKeyStore {
    mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
    // created 0600 before SQLite opens it; its journal inherits the mode
    closeSync(openSync(filePath, 'a', 0o600));
    chmodSync(filePath, 0o600);
    return new EmbeddedKeyStore(new Database(filePath));
  }

  async keyFor(subjectId: string): Promise<PersonalDataKey> {
    this.stmts.create.run(subjectId, randomUUID(), randomBytes(32), subjectId);
    const row = this.stmts.get.get(subjectId) as { kid: string; key: Buffer } | undefined;
    if (!row) throw new KeyDestroyedError(subjectId);
    return { kid: row.kid, key: Buffer.from(row.key) };
  }

  async find(subjectId: string, kid: string): Promise<PersonalDataKey | undefined> {
    const row = this.stmts.get.get(subjectId) as { kid: string; key: Buffer } | undefined;
    return row && row.kid === kid ? { kid: row.kid, key: Buffer.from(row.key) } : undefined;
  }

  async destroy(subjectId: string): Promise<void> {
    this.db.transaction(() => {
      this.stmts.remove.run(subjectId);
      this.stmts.tombstone.run(subjectId);
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
