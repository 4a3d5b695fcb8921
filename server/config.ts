import { DEFAULT_DATABASE_URL } from './db/database.js';

export interface HubConfig {
  port: number;
  databaseUrl: string;
  production: boolean;
  /** Load the demo partnerships into a fresh database. */
  demoData: boolean;
}

/** Reads the hub's settings from the environment (PORT, DATABASE_URL, NODE_ENV, IOM_HUB_DEMO_DATA). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT "${env.PORT}" is not a port number.`);
  const production = env.NODE_ENV === 'production';
  const demo = env.IOM_HUB_DEMO_DATA;
  if (demo !== undefined && !['true', 'false'].includes(demo)) throw new Error(`IOM_HUB_DEMO_DATA must be true or false, not "${demo}".`);
  return {
    port,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    production,
    demoData: demo === undefined ? !production : demo === 'true',
  };
}
