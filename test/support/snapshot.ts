import type { MikroORM } from '@mikro-orm/core';
import { engineOf } from '../../server/db/dialect.js';

const LEFT_OUT = "('audit_entry', 'access_token', 'mikro_orm_migrations')";

/** Every row of every table but the audit log and the tokens, as one string: equal snapshots mean nothing changed. */
export async function dataSnapshot(orm: MikroORM): Promise<string> {
  const connection = orm.em.getConnection();
  const tables = (await connection.execute<{ name: string }[]>(
    engineOf(orm.em) === 'postgresql'
      ? `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ${LEFT_OUT} order by table_name`
      : `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not in ${LEFT_OUT} order by name`,
  )).map((row: { name: string }) => row.name);
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await connection.execute<Record<string, unknown>[]>(`select * from ${orm.em.getPlatform().quoteIdentifier(table)}`)).map((row: Record<string, unknown>) => JSON.stringify(row));
    parts.push(table, `[${rows.sort().join(',')}]`);
  }
  return parts.join('\n');
}
