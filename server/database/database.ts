import './sqlite-write-lock.js';
import { sqliteReaders } from './sqlite-readers.js';
import './sqlite-enum-introspection.js';
import './postgresql-foreign-key-indexes.js';
import './postgresql-statements.js';
import './postgresql-measures.js';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataloaderType, MikroORM, type Options } from '@mikro-orm/core';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities.js';
import { migrations } from './migrations/migrations.js';
import { migrations as postgresqlMigrations } from './migrations/postgresql/migrations.js';
import { partnershipScopeFilter } from '../access/scope-filter.js';
import { PARTNERSHIP_SCOPE } from '../access/caller.js';
import { AuditSubscriber } from '../access/audit.subscriber.js';
import { HubEntityManager } from '../db/read-connection.js';
import { parseReadReplicas, primaryReadLanes, replicaOptions, watchReplicas } from './replicas.js';
import { parseDatabaseUrl, type DatabaseLocation } from './database-url.js';

const MIGRATIONS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Each engine has its own migrations: the SQL is dialect-specific. */
const MIGRATIONS = {
  sqlite: { path: MIGRATIONS_PATH, list: migrations },
  postgresql: { path: join(MIGRATIONS_PATH, 'postgresql'), list: postgresqlMigrations },
};
/** Connections each hub process keeps to PostgreSQL (IOM_HUB_DB_POOL_SIZE). */
export const DEFAULT_POOL_SIZE = 10;

/** Milliseconds a writer waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 15_000;

/**
 * Every PostgreSQL session's settings: no JIT compilation (it took 100 ms or more to compile each
 * measure's statement at scale M and saved nothing: they aggregate tens of thousands of rows, not
 * millions), and 32 MB for each sort or hash (the default 4 MB sent a measure's aggregates to disk).
 */
const POSTGRESQL_SESSION = `-c lock_timeout=${BUSY_TIMEOUT_MS} -c jit=off -c work_mem=32MB`;

/** The page cache per SQLite connection, in KiB (negative: a size, not a page count). */
const CACHE_KIB = -16_000;

interface SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
  configure(option: 'busyTimeout', value: number): void;
}

export function ormOptions(
  location: DatabaseLocation,
  { debug = false, poolSize = DEFAULT_POOL_SIZE, readReplicas = [] as readonly string[] } = {},
): Options {
  const common = {
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
      path: MIGRATIONS[location.engine].path,
      pathTs: MIGRATIONS[location.engine].path,
      migrationsList: MIGRATIONS[location.engine].list,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      disableForeignKeys: false,
      silent: true,
    },
  };
  if (location.engine === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: location.url,
      // member_period is a rollup kept by triggers, no entity's table (its migration, 30 November 2026).
      schemaGenerator: { skipTables: ['member_period'] },
      // Several hub processes share one server: each keeps a small pool. Writers wait for each
      // other's row locks (loadForUpdate) up to the busy timeout, like SQLite's writers.
      pool: { min: 0, max: poolSize },
      // Every session's settings (POSTGRESQL_SESSION). The reporting lanes on the primary and the replicas named in IOM_HUB_DB_READ_REPLICAS take these too.
      driverOptions: { connection: { options: POSTGRESQL_SESSION } },
      // Reports read from the replicas (IOM_HUB_DB_READ_REPLICAS), only when asked; without any, from
      // two more pools on the primary, one kept for short statements: server/database/replicas.ts.
      entityManager: HubEntityManager,
      replicas: readReplicas.length ? replicaOptions(readReplicas, POSTGRESQL_SESSION) : primaryReadLanes(location.url),
      preferReadReplicas: false,
    } as unknown as Options;
  }
  return {
    ...common,
    driver: SqliteDriver,
    dbName: location.file,
    // Reports read on reader connections beside the writer: server/database/sqlite-readers.ts.
    entityManager: HubEntityManager,
    replicas: Array.from({ length: sqliteReaders(location.file) }, (_, i) => ({ name: `reader-${i + 1}` })),
    preferReadReplicas: false,
    pool: {
      min: 1,
      max: 1,
      // Every connection: write-ahead log (readers never block the writer), wait for a busy
      // writer rather than fail, enforce foreign keys, and fsync every commit (an acknowledged
      // write survives a crash), and zero what a change overwrites or deletes (an old name must not
      // stay readable in the file's free pages). A 16 MB page cache (the driver's default is 2 MB) keeps a national
      // report's aggregates over millions of offences in memory.
      afterCreate: (connection: SqliteConnection, done: (error: Error | null, connection: SqliteConnection) => void) => {
        connection.configure('busyTimeout', BUSY_TIMEOUT_MS);
        connection.exec(
          `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA cache_size = ${CACHE_KIB};`,
          (error) => done(error, connection),
        );
      },
    },
  } as unknown as Options;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Connections to PostgreSQL (default IOM_HUB_DB_POOL_SIZE, else 10); SQLite uses one writer and its readers (sqlite-readers.ts). */
  poolSize?: number;
  /** PostgreSQL read replicas' URLs (IOM_HUB_DB_READ_REPLICAS): reports read from them. */
  readReplicas?: readonly string[];
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  debug?: boolean;
}

/** Opens the hub's database, creating the file and its folder if needed, and migrates it. */
export async function openDatabase({ databaseUrl, migrate = true, debug = false, poolSize = DEFAULT_POOL_SIZE, readReplicas = [] }: OpenOptions = {}): Promise<MikroORM> {
  const location = parseDatabaseUrl(databaseUrl);
  if (readReplicas.length) parseReadReplicas(readReplicas.join(','), location.engine);
  if (location.engine === 'sqlite' && location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
  const orm = await MikroORM.init(ormOptions(location, { debug, poolSize, readReplicas }));
  watchReplicas(orm);
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
