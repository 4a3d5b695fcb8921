import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pg } from '../bench/postgres-cluster.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * On PostgreSQL a report's short statements are sent by name, each connection describing a
 * statement's columns once and keeping the description (server/database/postgresql-statements.ts),
 * their rows made with pg's type parsers. Every finance report's statements, on every demo
 * partnership and year, run again through pg's own query (parsed and described each time, its rows
 * made by pg) must give the same rows, keys in the same order. On PostgreSQL only (SQLite's kept statements:
 * test/sqlite-statements.test.ts.)
 */
const report = (name: string) => readFileSync(join(import.meta.dirname, '..', 'schema', 'reports', `${name}.graphql`), 'utf8');
const examples = (name: string) => [...report(name).matchAll(/^# variables: (.*)$/gm)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);

describe('report statements on PostgreSQL', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.close());

  it('makes each report statement\'s rows as pg makes them, whether the connection described the statement on this run or kept its description', async () => {
    // Every kept statement a report runs (server/database/postgresql-statements.ts), with its values and rows.
    type Read = { name: string; text: string; values: (string | null)[]; callback(error: unknown, rows?: unknown[]): void; submit(wire: object): unknown };
    const runs: { text: string; values: (string | null)[]; rows: Record<string, unknown>[]; described: boolean }[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      const read = args[0] as Read;
      if (typeof read?.submit === 'function' && read.name?.startsWith('iom_report_')) {
        let described = false;
        const { callback, submit } = read;
        read.submit = (wire) => {
          const own = wire as { describe?(message: unknown): void };
          const describe = Object.getPrototypeOf(wire).describe as (message: unknown) => void;
          own.describe = (message) => { described = true; describe.call(wire, message); };
          try {
            return submit.call(read, wire);
          } finally {
            delete own.describe;
          }
        };
        read.callback = (error, rows) => {
          if (!error) runs.push({ text: read.text, values: read.values, rows: rows as Record<string, unknown>[], described });
          callback(error, rows);
        };
      }
      return query.apply(this, args);
    };
    try {
      const { partnerships, financialYears } = dataOf(await t.gql('{ partnerships { code } financialYears { label } }'));
      for (let round = 0; round < 2; round++)
        for (const name of ['establishment', 'cost-share', 'funding-position', 'funding-risks', 'funding-streams'])
          for (const { code } of partnerships)
            for (const { label } of financialYears) await t.gql(report(name), { partnership: code, financialYear: label });
      for (const variables of examples('scenario')) await t.gql(report('scenario'), variables);
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(runs.some((run) => run.described)).toBe(true);
    expect(runs.some((run) => !run.described)).toBe(true);
    expect(runs.some((run) => run.rows.length > 1)).toBe(true);
    // Each run again through pg's own query (parsed and described each time, its rows made by pg), on a report connection.
    const replica = (t.orm.em.getDriver() as unknown as { replicas: { getKnex(): { client: { acquireConnection(): Promise<{ query(q: object): Promise<{ rows: unknown[] }> }>; releaseConnection(c: unknown): Promise<unknown> } } }[] }).replicas[0];
    const client = replica.getKnex().client;
    const connection = await client.acquireConnection();
    try {
      for (const run of runs) {
        const { rows } = await connection.query({ text: run.text, values: run.values });
        expect(run.rows, run.text).toStrictEqual(rows);
        expect(run.rows.map((row) => Object.keys(row)), run.text).toEqual((rows as object[]).map((row) => Object.keys(row)));
      }
    } finally {
      await client.releaseConnection(connection);
    }
  }, 120_000);
});
