/**
 * Writes a migration for the difference between the entities and the committed migrations, for
 * each database engine (their SQL differs): migrates a scratch database to the latest committed
 * migration, diffs it against the entities, writes `Migration<timestamp>.ts` beside the engine's
 * `migrations.ts` and adds it to that list.
 * - SQLite: a scratch file; writes server/database/migrations/.
 * - PostgreSQL: a scratch database on IOM_HUB_POSTGRES_URL (a server you may create databases on),
 *   else on a throwaway cluster started from the installed PostgreSQL binaries; writes
 *   server/database/migrations/postgresql/.
 * Usage: npm run migration:create [-- --initial] [-- --only sqlite|postgresql]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDatabase } from '../server/database/database.js';
import { runStatements, startPostgresCluster, withDatabase, type PostgresCluster } from '../bench/postgres-cluster.js';

const initial = process.argv.includes('--initial');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

async function writeMigration(engine: string, databaseUrl: string, folder: string): Promise<void> {
  const orm = await openDatabase({ databaseUrl });
  try {
    const result = await orm.getMigrator().createMigration(undefined, false, initial);
    if (!result.fileName) return console.log(`${engine}: the entities match the committed migrations: nothing to write.`);
    const name = basename(result.fileName, '.ts');
    const listFile = new URL(`../server/database/migrations/${folder}migrations.ts`, import.meta.url);
    let list = readFileSync(listFile, 'utf8');
    list = `import { ${name} } from './${name}.js';\n${list}`.replace(
      /(\] = \[)([\s\S]*?)(\];)/,
      (_, open, items) => `${open}${items.trimEnd()}\n  { name: '${name}', class: ${name} },\n];`,
    );
    writeFileSync(listFile, list);
    console.log(`${engine}: wrote server/database/migrations/${folder}${result.fileName}:\n${result.diff.up.join('\n')}`);
  } finally {
    await orm.close();
  }
}

if (!only || only === 'sqlite') {
  const scratch = mkdtempSync(join(tmpdir(), 'iom-hub-migration-'));
  try {
    await writeMigration('SQLite', `sqlite:${join(scratch, 'scratch.sqlite')}`, '');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (!only || only === 'postgresql') {
  let cluster: PostgresCluster | null = null;
  const server = process.env.IOM_HUB_POSTGRES_URL ?? (cluster = await startPostgresCluster()).url;
  const database = `iom_hub_migration_${process.pid}`;
  try {
    await runStatements(server, [`create database ${database}`]);
    await writeMigration('PostgreSQL', withDatabase(server, database), 'postgresql/');
  } finally {
    await runStatements(server, [`drop database if exists ${database}`]);
    await cluster?.stop();
  }
}
