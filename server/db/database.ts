import './sqlite-write-lock.js';
import './sqlite-enum-introspection.js';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataloaderType, MikroORM, type Options } from '@mikro-orm/core';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities.js';
import { migrations } from './migrations/migrations.js';
import { partnershipScopeFilter } from '../access/scope-filter.js';
import { PARTNERSHIP_SCOPE } from '../access/caller.js';
import { AuditSubscriber } from '../access/audit.subscriber.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/iom-hub.sqlite';
const MIGRATIONS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Milliseconds a writer waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 15_000;

/** The page cache per connection, in KiB (negative: a size, not a page count). */
const CACHE_KIB = -16_000;

export interface DatabaseLocation {
  engine: 'sqlite';
  /** A file path, or `:memory:`. */
  file: string;
}

/** Reads `DATABASE_URL`: `sqlite:<path>` or `sqlite::memory:`. */
export function parseDatabaseUrl(url: string = DEFAULT_DATABASE_URL): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (!file) throw new Error('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/iom-hub.sqlite, or sqlite::memory:');
    return { engine: 'sqlite', file: file === ':memory:' ? file : resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL: PostgreSQL is not supported by this version of the hub yet; use sqlite:<path>.');
  throw new Error(`DATABASE_URL "${url}" is not understood; use sqlite:<path> or sqlite::memory:.`);
}

interface SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
  configure(option: 'busyTimeout', value: number): void;
}

export function ormOptions(location: DatabaseLocation, { debug = false } = {}): Options {
  return {
    driver: SqliteDriver,
    dbName: location.file,
    entities,
    extensions: [Migrator],
    // Related rows requested by many parents (a list's nested fields) load in one query.
    dataloader: DataloaderType.ALL,
    // Partnership scope on every query, and every change in the audit log: server/access/.
    filters: { [PARTNERSHIP_SCOPE]: partnershipScopeFilter },
    // A reference always points into its own partnership, so there is nothing to join for the filter.
    autoJoinRefsForFilters: false,
    subscribers: [new AuditSubscriber()],
    debug,
    allowGlobalContext: false,
    migrations: {
      path: MIGRATIONS_PATH,
      pathTs: MIGRATIONS_PATH,
      migrationsList: migrations,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      disableForeignKeys: false,
      silent: true,
    },
    pool: {
      min: 1,
      max: 1,
      // Every connection: write-ahead log (readers never block the writer), wait for a busy
      // writer rather than fail, enforce foreign keys, and fsync every commit (an acknowledged
      // write survives a crash). A 16 MB page cache (the driver's default is 2 MB) keeps a national
      // report's aggregates over millions of offences in memory.
      afterCreate: (connection: SqliteConnection, done: (error: Error | null, connection: SqliteConnection) => void) => {
        connection.configure('busyTimeout', BUSY_TIMEOUT_MS);
        connection.exec(
          `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = ${CACHE_KIB};`,
          (error) => done(error, connection),
        );
      },
    },
  } as unknown as Options;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  debug?: boolean;
}

/** Opens the hub's database, creating the file and its folder if needed, and migrates it. */
export async function openDatabase({ databaseUrl, migrate = true, debug = false }: OpenOptions = {}): Promise<MikroORM> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
  const orm = await MikroORM.init(ormOptions(location, { debug }));
  if (migrate) await orm.getMigrator().up();
  return orm;
}

/** The pragmas in force on the hub's connection: checked at start and in the tests. */
export async function sqliteSettings(orm: MikroORM): Promise<{ journalMode: string; busyTimeout: number; foreignKeys: boolean }> {
  const connection = orm.em.getConnection();
  const [journal] = await connection.execute<{ journal_mode: string }[]>('PRAGMA journal_mode');
  const [busy] = await connection.execute<{ timeout: number }[]>('PRAGMA busy_timeout');
  const [keys] = await connection.execute<{ foreign_keys: number }[]>('PRAGMA foreign_keys');
  return { journalMode: journal.journal_mode, busyTimeout: busy.timeout, foreignKeys: keys.foreign_keys === 1 };
}
