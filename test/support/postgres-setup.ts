import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/database/database.js';
import { loadDemoData } from '../../server/demo/load-demo.js';
import { asSystem } from '../../server/access/caller.js';
import { runStatements, startPostgresCluster, withDatabase, type PostgresCluster } from '../../bench/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the test hubs make their databases on (the postgresql project only). */
    postgresUrl: string;
  }
}

/** Template databases the test hubs copy (CREATE DATABASE … TEMPLATE): migrated, with and without the demo data. */
export const TEMPLATES = { empty: 'iom_hub_template_empty', demo: 'iom_hub_template_demo' } as const;

/**
 * vitest globalSetup of the postgresql project: uses the server at IOM_HUB_TEST_DATABASE_URL (a
 * user that may create databases), else starts a throwaway cluster from the installed binaries,
 * and prepares the two template databases once for the whole run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: PostgresCluster | null = null;
  const server = process.env.IOM_HUB_TEST_DATABASE_URL || (cluster = await startPostgresCluster()).url;
  try {
    for (const [kind, name] of Object.entries(TEMPLATES)) {
      await runStatements(server, [`drop database if exists ${name}`, `create database ${name}`]);
      const orm = await openDatabase({ databaseUrl: withDatabase(server, name) });
      try {
        if (kind === 'demo') await loadDemoData(asSystem(orm.em, 'demo data'));
      } finally {
        await orm.close();
      }
    }
  } catch (error) {
    await cluster?.stop();
    throw error;
  }
  project.provide('postgresUrl', server);
  return async () => {
    if (cluster) return cluster.stop();
    await runStatements(server, Object.values(TEMPLATES).map((name) => `drop database if exists ${name}`));
  };
}
