import { BaseSqliteSchemaHelper } from '@mikro-orm/knex';

/**
 * MikroORM 6.6's SQLite schema reader splits an enum's CHECK constraint wrongly: it reads
 * `check (kind in ('POLICE', 'NPS', …, 'OTHER'))` back as ['POLICE', 'OTHER'], so every enum of more
 * than two values looks changed and each new migration would rebuild those tables. This reads every
 * quoted value. It is only used when comparing the database with the entities (creating migrations,
 * and the test that the committed migrations match the entities).
 */
const ENUM_CHECK = /[`"'[]([^`\]"']+)[`\]"'] text check \(\s*[`"'[][^`\]"']+[`\]"'] in \(((?:\s*'(?:[^']|'')*'\s*,?)+)\)\s*\)/gi;

type Execute = (sql: string, params: unknown[], method: 'get', ctx?: unknown) => Promise<{ sql: string } | undefined>;

BaseSqliteSchemaHelper.prototype.getEnumDefinitions = async function readEnumChecks(
  connection: { execute: Execute },
  _checks: unknown,
  tableName: string,
  _schemaName?: string,
  ctx?: unknown,
): Promise<Record<string, string[]>> {
  const table = await connection.execute('select sql from sqlite_master where type = ? and name = ?', ['table', tableName], 'get', ctx);
  const enums: Record<string, string[]> = {};
  for (const [, column, values] of table?.sql.matchAll(ENUM_CHECK) ?? []) {
    enums[column] = [...values.matchAll(/'((?:[^']|'')*)'/g)].map(([, value]) => value.replace(/''/g, "'"));
  }
  return enums;
} as never;
