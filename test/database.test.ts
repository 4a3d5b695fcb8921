import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteSettings } from '../server/database/database.js';
import { parseDatabaseUrl } from '../server/database/database-url.js';
import { loadDemoDataIfFresh } from '../server/demo/load-demo.js';
import { EstablishmentLine } from '../server/finance/establishment/establishment-line.entity.js';
import { Partnership } from '../server/partnership/partnership.entity.js';
import { asSystem } from '../server/access/caller.js';
import { databaseFileOption } from '../server/cli/command.js';

const dirs: string[] = [];
function scratchFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-db-'));
  dirs.push(dir);
  return join(dir, 'hub.sqlite');
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the database', () => {
  it('runs in WAL mode with a busy timeout and foreign keys on', async () => {
    const orm = await openDatabase({ databaseUrl: `sqlite:${scratchFile()}` });
    try {
      expect(await sqliteSettings(orm)).toEqual({ journalMode: 'wal', busyTimeout: 15_000, foreignKeys: true });
    } finally {
      await orm.close();
    }
  });

  it('has committed migrations that match the entities exactly', async () => {
    const orm = await openDatabase({ databaseUrl: `sqlite:${scratchFile()}` });
    try {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close();
    }
  });

  it('is created, migrated and loaded on first start, and kept as it is on later starts', async () => {
    const databaseUrl = `sqlite:${scratchFile()}`;
    const first = await openDatabase({ databaseUrl });
    expect(await loadDemoDataIfFresh(first)).toBe(true);
    const em = asSystem(first.em);
    const line = await em.findOneOrFail(EstablishmentLine, { grade: 'Inspector' });
    line.budgetPence = 7_000_000;
    await em.flush();
    await em.nativeDelete(Partnership, { code: 'west-midlands' });
    await first.close();

    const second = await openDatabase({ databaseUrl });
    try {
      expect(await loadDemoDataIfFresh(second)).toBe(false);
      const em2 = asSystem(second.em);
      expect((await em2.findOneOrFail(EstablishmentLine, { grade: 'Inspector' })).budgetPence).toBe(7_000_000);
      expect(await em2.count(Partnership)).toBe(4);
    } finally {
      await second.close();
    }
  });

  it('reads DATABASE_URL and refuses what it cannot serve', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ engine: 'sqlite', file: ':memory:' });
    expect((parseDatabaseUrl('sqlite:data/x.sqlite') as { file: string }).file).toMatch(/\/data\/x\.sqlite$/);
    expect(parseDatabaseUrl('postgres://iom:secret@db:5432/iom_hub')).toEqual({ engine: 'postgresql', url: 'postgres://iom:secret@db:5432/iom_hub' });
    expect(() => parseDatabaseUrl('postgres://db')).toThrow(/needs a host and a database/);
    expect(() => parseDatabaseUrl('mysql://u:secret@x/y')).toThrow(/not understood/);
    expect(() => parseDatabaseUrl('mysql://u:secret@x/y')).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/needs a file path/);
  });

  it('sends backups and restores on PostgreSQL to pg_dump and pg_restore', () => {
    expect(() => databaseFileOption({ database: 'postgres://iom@db:5432/iom_hub' })).toThrow(/pg_dump/);
  });
});
