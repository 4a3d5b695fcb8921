import { createRequire } from 'node:module';
import { BUSY_TIMEOUT_MS } from './database.js';

/** The SQLite driver the ORM uses, loaded from the ORM's own dependency so both share one copy. */
const requireFromOrm = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/sqlite'));

interface Driver {
  OPEN_READONLY: number;
  OPEN_READWRITE: number;
  Database: new (file: string, mode: number, callback: (error: Error | null) => void) => RawDatabase;
}
interface RawDatabase {
  all(sql: string, params: unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  configure(option: 'busyTimeout', value: number): void;
  close(callback: (error: Error | null) => void): void;
}
const sqlite3 = requireFromOrm('sqlite3') as Driver;

/**
 * A plain connection to a SQLite file, outside the ORM: for backups, restores and checks that must
 * not create, migrate or lock the database the way opening the hub does.
 */
export interface SqliteFile {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function openSqliteFile(file: string, { readonly = false, busyTimeoutMs = BUSY_TIMEOUT_MS } = {}): Promise<SqliteFile> {
  return new Promise((resolveOpen, reject) => {
    const db = new sqlite3.Database(file, readonly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE, (error) => {
      if (error) return reject(error);
      db.configure('busyTimeout', busyTimeoutMs);
      resolveOpen({
        all: (sql, params = []) => new Promise((ok, fail) => db.all(sql, params, (e, rows) => (e ? fail(e) : ok(rows as never)))),
        close: () => new Promise((ok, fail) => db.close((e) => (e ? fail(e) : ok()))),
      });
    });
  });
}

/** Opens `file`, runs `work`, and always closes it. */
export async function withSqliteFile<T>(file: string, options: Parameters<typeof openSqliteFile>[1], work: (db: SqliteFile) => Promise<T>): Promise<T> {
  const db = await openSqliteFile(file, options);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** `PRAGMA integrity_check` and `PRAGMA foreign_key_check`: an empty list means the file is sound. */
export async function integrityProblems(db: SqliteFile): Promise<string[]> {
  const integrity = await db.all<{ integrity_check: string }>('PRAGMA integrity_check');
  const problems = integrity.map((row) => row.integrity_check).filter((message) => message !== 'ok');
  const keys = await db.all<{ table: string; rowid: number; parent: string }>('PRAGMA foreign_key_check');
  return [...problems, ...keys.map((row) => `${row.table} row ${row.rowid} refers to a missing ${row.parent}`)];
}
