import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../server/database/backup.js';
import { openDatabase } from '../server/database/database.js';
import { migrations } from '../server/database/migrations/migrations.js';
import { withSqliteFile, type SqliteFile } from '../server/database/sqlite-file.js';
import { EstablishmentLine } from '../server/finance/establishment/establishment-line.entity.js';
import { addEstablishmentLine } from '../server/finance/establishment/establishment.service.js';
import { databaseProblems, demoDatabaseFile, ROOT, scaled, SHARED, startWriter } from './support/reliability.js';
import { asSystem } from '../server/access/caller.js';

const WRITES = scaled(200);

/** Runs `npx iom-hub <args>` and returns its exit code and output. */
function cli(args: string[]) {
  const result = spawnSync(process.execPath, ['bin/iom-hub.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const pause = (ms: number) => new Promise((resolvePause) => setTimeout(resolvePause, ms));

describe('a backup taken while the hub is writing', () => {
  it('restores to a sound database holding a consistent snapshot', async () => {
    const file = await demoDatabaseFile();
    const folder = mkdtempSync(join(tmpdir(), 'iom-hub-backups-'));
    const orm = await openDatabase({ databaseUrl: `sqlite:${file}` });
    const shared = await addEstablishmentLine(asSystem(orm.em, 'test'), SHARED.partnership, SHARED.financialYear, { grade: 'Shared', kind: 'POST', fte: 0, budget: 1 });

    const writers = [0, 1].map((i) => startWriter(['count', file, String(i), String(WRITES), String(shared.id)]));
    await Promise.all(writers.map((w) => w.waitFor('ready')));
    const backups: string[] = [];
    for (let i = 0; i < 3; i++) {
      await pause(300 + Math.random() * 700);
      const target = join(folder, `during-${i}.sqlite`);
      if (i === 1) {
        const { code, out } = cli(['backup', '--database', `sqlite:${file}`, target]);
        expect(code, out).toBe(0);
        expect(out).toMatch(/integrity ok/);
      } else {
        await backupDatabase(file, target);
      }
      backups.push(target);
    }
    const exits = await Promise.all(writers.map((w) => w.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    const finalLines = await asSystem(orm.em, 'test').count(EstablishmentLine, { grade: { $like: 'w%' } });
    await orm.close();

    const figures: string[] = [];
    for (const [i, backup] of backups.entries()) {
      const restored = join(folder, `restored-${i}.sqlite`);
      await restoreDatabase(backup, restored);
      expect(await databaseProblems(restored), backup).toEqual([]);
      // the hub migrates on start; the restored copy is a snapshot of one moment: each increment moved FTE and version together
      const reopened = await openDatabase({ databaseUrl: `sqlite:${restored}` });
      try {
        const em = asSystem(reopened.em, 'test');
        const line = await em.findOneOrFail(EstablishmentLine, { id: shared.id });
        expect(line.version).toBe(1 + line.fteHundredths);
        const lines = await em.count(EstablishmentLine, { grade: { $like: 'w%' } });
        expect(lines).toBeLessThanOrEqual(finalLines);
        figures.push(`${lines} lines, ${line.fteHundredths} increments`);
      } finally {
        await reopened.close();
      }
    }
    console.log(`[reliability] 3 backups during ${2 * WRITES} writes (one by npx iom-hub backup) restored sound and consistent: ${figures.join('; ')} (final: ${finalLines} lines)`);
  }, 300_000);

  it('npx iom-hub restore refuses a database a running hub has open, and replaces it once the hub has stopped', async () => {
    const source = await demoDatabaseFile();
    const folder = mkdtempSync(join(tmpdir(), 'iom-hub-restore-'));
    const backup = join(folder, 'backup.sqlite');
    expect(cli(['backup', '--database', `sqlite:${source}`, backup]).code).toBe(0);
    expect(cli(['backup', '--database', `sqlite:${source}`, backup])).toMatchObject({ code: 1, out: expect.stringMatching(/already exists/) });

    const target = join(folder, 'live.sqlite');
    const hub = await openDatabase({ databaseUrl: `sqlite:${target}` });
    const refused = cli(['restore', '--database', `sqlite:${target}`, backup]);
    expect(refused).toMatchObject({ code: 1, out: expect.stringMatching(/in use by a running hub; stop the hub first/) });
    expect(await asSystem(hub.em, 'test').count(EstablishmentLine)).toBe(0);
    await hub.close();

    const restored = cli(['restore', '--database', `sqlite:${target}`, backup]);
    expect(restored.code, restored.out).toBe(0);
    expect(await databaseProblems(target)).toEqual([]);
    const reopened = await openDatabase({ databaseUrl: `sqlite:${target}` });
    expect(await asSystem(reopened.em, 'test').count(EstablishmentLine)).toBeGreaterThan(0);
    await reopened.close();

    expect(cli(['restore', '--database', `sqlite:${target}`, join(folder, 'missing.sqlite')])).toMatchObject({ code: 1, out: expect.stringMatching(/does not exist/) });
    expect(cli(['restore', '--help'])).toMatchObject({ code: 0, out: expect.stringMatching(/Usage: npx iom-hub restore <file>/) });
  }, 120_000);
});

async function userTables(db: SqliteFile): Promise<string[]> {
  return (await userRelations(db)).filter((relation) => relation.type === 'table').map((relation) => relation.name);
}

/** The user tables and views (a migration may turn a table into a view of the same rows). */
async function userRelations(db: SqliteFile): Promise<{ name: string; type: 'table' | 'view' }[]> {
  return db.all<{ name: string; type: 'table' | 'view' }>("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name <> 'mikro_orm_migrations' ORDER BY name");
}

/** Rows in one order whatever order they were read in (a view has no rowid). */
const sortedRows = (rows: unknown[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));

async function columnsOf(db: SqliteFile, table: string, schema = 'main'): Promise<string[]> {
  return (await db.all<{ name: string }>(`PRAGMA ${schema}.table_info("${table}")`)).map((column) => column.name);
}

/** Every row of every table (and view), keyed by table, keeping only `keep(table)` columns; a view's rows sorted. */
async function dump(file: string, keep: (table: string) => string[]): Promise<Record<string, unknown[]>> {
  return withSqliteFile(file, { readonly: true }, async (db) => {
    const result: Record<string, unknown[]> = {};
    for (const { name: table, type } of await userRelations(db)) {
      const columns = keep(table);
      if (!columns.length) continue;
      const rows = await db.all(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"${type === 'table' ? ' ORDER BY rowid' : ''}`);
      result[table] = type === 'table' ? rows : sortedRows(rows);
    }
    return result;
  });
}

describe('migrations run on start keep existing data', () => {
  it.each(migrations.map((migration, i) => ({ name: migration.name, at: i })))(
    'a database made at $name and filled with the demo data keeps every row when the hub starts on it',
    async ({ name }) => {
      const demo = await demoDatabaseFile('demo.sqlite');
      const file = join(mkdtempSync(join(tmpdir(), 'iom-hub-migrate-')), 'old.sqlite');
      const old = await openDatabase({ databaseUrl: `sqlite:${file}`, migrate: false });
      await old.getMigrator().up({ to: name });
      await old.close();

      // fill the older schema with the demo data, column by column where the columns still match
      const kept: Record<string, string[]> = {};
      await withSqliteFile(file, {}, async (db) => {
        await db.all('ATTACH DATABASE ? AS demo', [demo]);
        for (const table of await userTables(db)) {
          const available = new Set(await columnsOf(db, table, 'demo'));
          const columns = (await columnsOf(db, table)).filter((column) => available.has(column));
          kept[table] = columns;
          if (!columns.length) continue;
          const list = columns.map((c) => `"${c}"`).join(', ');
          await db.all(`INSERT INTO main."${table}" (${list}) SELECT ${list} FROM demo."${table}"`);
        }
        await db.all('DETACH DATABASE demo');
      });
      expect(await databaseProblems(file)).toEqual([]);
      const before = await dump(file, (table) => kept[table] ?? []);
      expect(Object.values(before).reduce((sum, rows) => sum + rows.length, 0)).toBeGreaterThan(50);

      const started = await openDatabase({ databaseUrl: `sqlite:${file}` });
      const applied = await started.getMigrator().getExecutedMigrations();
      await started.close();
      expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => m.name));

      // A table a migration turned into a view of the same rows (audit_nominal_read) is compared through the view, in sorted order.
      const relations = await withSqliteFile(file, { readonly: true }, (db) => userRelations(db));
      const views = new Set(relations.filter((relation) => relation.type === 'view').map((relation) => relation.name));
      const stillThere = await withSqliteFile(file, { readonly: true }, async (db) =>
        Object.fromEntries(await Promise.all(relations.map(async ({ name: table }) => [table, new Set(await columnsOf(db, table))] as const))),
      );
      const after = await dump(file, (table) => (kept[table] ?? []).filter((column) => stillThere[table]?.has(column)));
      for (const [table, rows] of Object.entries(before)) {
        const columns = (kept[table] ?? []).filter((column) => stillThere[table]?.has(column));
        const project = (row: unknown) => Object.fromEntries(columns.map((c) => [c, (row as Record<string, unknown>)[c]]));
        const expected = views.has(table) ? sortedRows(rows.map(project)) : rows.map(project);
        expect(after[table]?.map(project), `${table} after migrating from ${name}`).toEqual(expected);
      }
      expect(await databaseProblems(file)).toEqual([]);
    },
    120_000,
  );
});
