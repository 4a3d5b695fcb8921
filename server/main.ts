import { readConfig } from './config.js';
import { describeLocation, parseDatabaseUrl, redactPassword } from './database/database-url.js';
import { openDatabase, sqliteSettings } from './database/database.js';
import { loadDemoDataIfFresh } from './demo/load-demo.js';
import { createHub } from './app.js';
import { prepareStartupTokens } from './access/startup-tokens.js';
import { asSystem } from './access/caller.js';
import { loadOffenceClassification } from './reference/offence-classification.service.js';
import { operationWorkers } from './workers/operation-pool.js';
import { limitHeapGrowth } from './heap-growth.js';

/** `npm start`: opens (creating and migrating) the database, loads demo data on first start, serves the hub. */
async function main(): Promise<void> {
  const config = readConfig();
  limitHeapGrowth();
  const location = parseDatabaseUrl(config.databaseUrl);
  const orm = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize, readReplicas: config.readReplicas });
  let engineLine = `PostgreSQL, pool of ${config.databasePoolSize}`;
  if (config.readReplicas.length) engineLine += `; reports read from ${config.readReplicas.map(redactPassword).join(', ')}`;
  if (location.engine === 'sqlite') {
    const settings = await sqliteSettings(orm);
    if (location.file !== ':memory:' && settings.journalMode !== 'wal') throw new Error(`SQLite is in ${settings.journalMode} mode, not WAL.`);
    if (!settings.foreignKeys) throw new Error('SQLite foreign keys are off.');
    engineLine = `${settings.journalMode}, busy timeout ${settings.busyTimeout} ms`;
  }
  // Reference data every database needs, demo data or not: the offence classification.
  await loadOffenceClassification(asSystem(orm.em, 'reference data'));
  const loaded = config.demoData && (await loadDemoDataIfFresh(orm));
  // PostgreSQL plans from table statistics: gather them for the data just loaded rather than wait for autovacuum.
  if (loaded && location.engine === 'postgresql') await orm.em.getConnection().execute('analyze');
  const tokenLines = await prepareStartupTokens(orm, { adminToken: process.env.IOM_HUB_ADMIN_TOKEN, demo: loaded && !config.production, production: config.production });

  const hub = await createHub({ orm, operationWorkers: { databaseUrl: config.databaseUrl, count: operationWorkers() } });
  const port = await hub.listen(config.port);
  console.log(`IOM Hub is serving http://localhost:${port}/graphql`);
  console.log(`  database: ${describeLocation(location)} (${engineLine})${loaded ? ', demo data loaded' : ''}`);
  for (const line of tokenLines) console.log(line);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then closing the database.`);
    await hub.stop();
    await orm.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
