import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { integrityProblems, openSqliteFile, withSqliteFile, type SqliteFile } from './sqlite-file.js';

export interface BackupSummary {
  file: string;
  bytes: number;
  /** The newest migration the copy has: the schema version it restores to. */
  migration: string | null;
}

/** A file beside `target`, so the final rename stays on one file system and is atomic. */
function partialFileFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.partial-${process.pid}-${Date.now()}`);
}

function removeWithSidecars(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

async function latestMigration(db: SqliteFile): Promise<string | null> {
  const [table] = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'mikro_orm_migrations'");
  if (!table) return null;
  const [row] = await db.all<{ name: string }>('SELECT name FROM mikro_orm_migrations ORDER BY id DESC LIMIT 1');
  return row?.name ?? null;
}

/** Checks a copy is sound and is a hub database; returns the summary or throws saying what is wrong. */
export async function checkBackupFile(file: string): Promise<BackupSummary> {
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  return withSqliteFile(file, { readonly: true }, async (db) => {
    let problems: string[];
    try {
      problems = await integrityProblems(db);
    } catch (error) {
      throw new Error(`${file} is not a SQLite database (${(error as Error).message}).`);
    }
    if (problems.length) throw new Error(`${file} is damaged: ${problems.slice(0, 5).join('; ')}`);
    const migration = await latestMigration(db);
    if (!migration) throw new Error(`${file} is a SQLite database but not an IOM Hub database (it has no migrations table).`);
    return { file, bytes: statSync(file).size, migration };
  });
}

/**
 * Copies the live database at `source` to `target` with `VACUUM INTO`: one read transaction, so the
 * copy is a consistent snapshot of the last commit even while the hub keeps writing (in WAL mode
 * readers and the writer do not block each other). The copy is written beside the target, checked,
 * then renamed into place, so `target` is either a complete, checked backup or absent.
 */
export async function backupDatabase(source: string, target: string, { force = false } = {}): Promise<BackupSummary> {
  if (!existsSync(source)) throw new Error(`There is no database at ${source}.`);
  if (existsSync(target) && !force) throw new Error(`${target} already exists; choose another name or pass --force to replace it.`);
  const partial = partialFileFor(target);
  try {
    await withSqliteFile(source, { readonly: true }, (db) => db.all('VACUUM INTO ?', [partial]));
    const summary = await checkBackupFile(partial);
    removeWithSidecars(target);
    renameSync(partial, target);
    return { ...summary, file: target };
  } finally {
    removeWithSidecars(partial);
  }
}

/**
 * True when another connection has the database open in WAL mode (a running hub keeps one open):
 * leaving WAL mode needs every other connection closed, so asking for it, without waiting, tells.
 * When nobody has it open the file is left in rollback-journal mode, which the hub switches back
 * to WAL on its next start.
 */
export async function databaseInUse(file: string): Promise<boolean> {
  if (!existsSync(file)) return false;
  const db = await openSqliteFile(file, { busyTimeoutMs: 0 });
  try {
    const [row] = await db.all<{ journal_mode: string }>('PRAGMA journal_mode = DELETE');
    return row?.journal_mode === 'wal';
  } catch (error) {
    if (/SQLITE_BUSY|locked/i.test((error as Error).message)) return true;
    throw error;
  } finally {
    await db.close();
  }
}

/**
 * Replaces the database at `target` with the backup at `backup`, after checking the backup. Refuses
 * while a running hub has `target` open, unless `force`. The hub applies any newer migrations to
 * the restored database on its next start.
 */
export async function restoreDatabase(backup: string, target: string, { force = false } = {}): Promise<BackupSummary> {
  const summary = await checkBackupFile(backup);
  if (!force && (await databaseInUse(target)))
    throw new Error(`${target} is in use by a running hub; stop the hub first (or pass --force to replace it anyway).`);
  const partial = partialFileFor(target);
  try {
    copyFileSync(backup, partial);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(partial, target);
  } finally {
    removeWithSidecars(partial);
  }
  return { ...summary, file: target };
}
