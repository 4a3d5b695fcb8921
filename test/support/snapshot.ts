import type { MikroORM } from '@mikro-orm/core';

/** Every row of every table but the audit log and the tokens, as one string: equal snapshots mean nothing changed. */
export async function dataSnapshot(orm: MikroORM): Promise<string> {
  const connection = orm.em.getConnection();
  const tables = (await connection.execute<{ name: string }[]>(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not in ('audit_entry', 'access_token', 'mikro_orm_migrations') order by name",
  )).map((row: { name: string }) => row.name);
  const parts: string[] = [];
  for (const table of tables) parts.push(table, JSON.stringify(await connection.execute(`select * from \`${table}\` order by rowid`)));
  return parts.join('\n');
}
