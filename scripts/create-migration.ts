/**
 * Writes a migration for the difference between the entities and the committed migrations:
 * migrates a scratch database to the latest committed migration, diffs it against the entities,
 * writes `server/db/migrations/Migration<timestamp>.ts` and adds it to `migrations.ts`.
 * Usage: npm run migration:create [-- --initial]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDatabase } from '../server/db/database.js';

const scratch = mkdtempSync(join(tmpdir(), 'iom-hub-migration-'));
const orm = await openDatabase({ databaseUrl: `sqlite:${join(scratch, 'scratch.sqlite')}` });
try {
  const result = await orm.getMigrator().createMigration(undefined, false, process.argv.includes('--initial'));
  if (!result.fileName) {
    console.log('The entities match the committed migrations: nothing to write.');
  } else {
    const name = basename(result.fileName, '.ts');
    const listFile = new URL('../server/db/migrations/migrations.ts', import.meta.url);
    let list = readFileSync(listFile, 'utf8');
    list = `import { ${name} } from './${name}.js';\n${list}`.replace(
      /(\] = \[)([\s\S]*?)(\];)/,
      (_, open, items, close) => `${open}${items.trimEnd()}${items.trim() ? '\n' : '\n'}  { name: '${name}', class: ${name} },\n${close}`,
    );
    writeFileSync(listFile, list);
    console.log(`Wrote server/db/migrations/${result.fileName}:\n${result.diff.up.join('\n')}`);
  }
} finally {
  await orm.close();
  rmSync(scratch, { recursive: true, force: true });
}
