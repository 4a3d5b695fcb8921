import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './database/database-url.js';
import { DEFAULT_POOL_SIZE } from './database/database.js';
import { parseReadReplicas } from './database/replicas.js';

export interface HubConfig {
  port: number;
  databaseUrl: string;
  /** Connections to PostgreSQL per hub process (IOM_HUB_DB_POOL_SIZE); SQLite uses one. */
  databasePoolSize: number;
  /** PostgreSQL read replicas the reports read from (IOM_HUB_DB_READ_REPLICAS); none: everything on the primary. */
  readReplicas: string[];
  production: boolean;
  /** Load the demo partnerships into a fresh database. */
  demoData: boolean;
}

/** Reads the hub's settings from the environment (PORT, DATABASE_URL, IOM_HUB_DB_POOL_SIZE, IOM_HUB_DB_READ_REPLICAS, NODE_ENV, IOM_HUB_DEMO_DATA). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT "${env.PORT}" is not a port number.`);
  const production = env.NODE_ENV === 'production';
  const pool = Number(env.IOM_HUB_DB_POOL_SIZE ?? DEFAULT_POOL_SIZE);
  if (!Number.isInteger(pool) || pool < 1 || pool > 1000) throw new Error(`IOM_HUB_DB_POOL_SIZE "${env.IOM_HUB_DB_POOL_SIZE}" is not a number of connections (1–1000).`);
  const demo = env.IOM_HUB_DEMO_DATA;
  if (demo !== undefined && !['true', 'false'].includes(demo)) throw new Error(`IOM_HUB_DEMO_DATA must be true or false, not "${demo}".`);
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  return {
    port,
    databaseUrl,
    databasePoolSize: pool,
    readReplicas: parseReadReplicas(env.IOM_HUB_DB_READ_REPLICAS, parseDatabaseUrl(databaseUrl).engine),
    production,
    demoData: demo === undefined ? !production : demo === 'true',
  };
}
