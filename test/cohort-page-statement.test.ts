import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, systemCaller, type Caller } from '../server/access/caller.js';
import { Role } from '../server/access/role.js';
import { cohortPageParts, cohortPageStatement, FAR_FUTURE } from '../server/cohort/cohort-list.service.js';
import type { CohortFilter, CohortSort } from '../server/cohort/cohort.input.js';
import { prefixedColumns } from '../server/db/entity-rows.js';
import { readFromReplicas } from '../server/db/read-connection.js';
import { reportSql, sql } from '../server/db/sql.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * A cohort page's statement counts and orders the members its filter passes by their key and sort
 * value alone, and reads whole rows for the page only (cohortPageStatement). It must give exactly
 * the rows, columns, values and order of the statement before, which read every member whole.
 * It is a report statement (reportSql): on PostgreSQL a report's connection keeps it prepared by
 * name and binds its values, where the statement before had them written in.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

/** The statement as it was: every filtered member's whole row, counted and ordered, then the page. */
function statementBefore(cols: { m: string[]; n: string[]; h: string[]; r: string[] }, filtered: string, sortExpr: string, cursorWhere: string, review: boolean): string {
  const latest = review
    ? `, ${prefixedColumns('r', cols.r)} FROM (SELECT * FROM filtered f ${cursorWhere} ORDER BY f.sort_value, f.m__id LIMIT :limit) page
       LEFT JOIN status_review r ON r.id = (SELECT lr.id FROM status_review lr WHERE lr.membership_id = page.m__id AND lr.review_date <= :reviewAsOf ORDER BY lr.review_date DESC, lr.id DESC LIMIT 1)`
    : ` FROM (SELECT * FROM filtered f ${cursorWhere} ORDER BY f.sort_value, f.m__id LIMIT :limit) page`;
  return `WITH filtered AS (SELECT ${prefixedColumns('m', cols.m)}, ${prefixedColumns('n', cols.n)}, ${prefixedColumns('h', cols.h)}, ${sortExpr} AS sort_value, COUNT(*) OVER () AS total_count ${filtered})
     SELECT page.*${latest} ORDER BY page.sort_value, page.m__id`;
}

/** Rows as plain values (numbers as text: the engines' drivers give counts as numbers or strings alike for both statements). */
const plain = (rows: Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));

async function bothWays(caller: Caller, partnership: string, filter: CohortFilter, sort: CohortSort, first: number, after: string | null, review?: string) {
  const ctx = t.hub.contextFor({ ...caller });
  const parts = cohortPageParts(ctx, partnership, filter, sort, first, after, review);
  const run = (text: string) => sql<Record<string, unknown>>(ctx.em, text, { ...parts.params, ...parts.pageParams });
  const before = await run(statementBefore(parts.cols, parts.filtered, parts.sortExpr, parts.cursorWhere, !!review));
  // As the page reads it: on a report's connection (readFromReplicas), kept prepared and its values bound.
  const reportEm = t.hub.contextFor({ ...caller }).em;
  readFromReplicas(reportEm);
  const now = await reportSql<Record<string, unknown>>(reportEm, cohortPageStatement(parts.cols, parts.filtered, parts.sortExpr, parts.cursorWhere, !!review), { ...parts.params, ...parts.pageParams });
  return { before: plain(before), now: plain(now) };
}

const cursorOf = (row: Record<string, unknown>) => Buffer.from(JSON.stringify([String(row.sort_value), Number(row.m__id)])).toString('base64url');

describe('the cohort page\'s statement', () => {
  it('gives the rows of the statement before, column for column and in order, for every filter, sort, cursor and caller', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code hubs { name } } }'));
    const [first, second] = partnerships as { id: string; code: string; hubs: { name: string }[] }[];
    const filters: CohortFilter[] = [
      {}, { activeOn: '2015-03-31' }, { activeOn: '2016-09-30', status: ['RED', 'AMBER'] as never }, { statutoryStatus: ['CRC', 'NPS'] as never },
      { startedFrom: '2014-06-01', startedTo: '2016-01-01' }, ...(first.hubs[0] ? [{ hub: first.hubs[0].name }] : []),
    ];
    let pages = 0, rows = 0;
    for (const { id, code } of [first, second])
      for (const caller of [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(first.id === id ? second.id : first.id)])])
        for (const filter of filters)
          for (const sort of ['START_DATE', 'REFERENCE'] as CohortSort[])
            for (const review of [undefined, '2016-03-31', FAR_FUTURE]) {
              const what = `${code} ${caller.role} ${JSON.stringify(filter)} ${sort} ${review}`;
              const one = await bothWays(caller, code, filter, sort, 7, null, review);
              expect(one.now, what).toEqual(one.before);
              pages++;
              rows += one.now.length;
              if (one.now.length < 8) continue;
              // The next page, after the last row of this one.
              const two = await bothWays(caller, code, filter, sort, 7, cursorOf(one.now[6]), review);
              expect(two.now, `${what} page 2`).toEqual(two.before);
              pages++;
              rows += two.now.length;
            }
    expect(pages).toBeGreaterThan(100);
    expect(rows).toBeGreaterThan(500);
    if (t.databaseUrl.startsWith('postgres')) {
      // Kept prepared by name on the report connections.
      const driver = t.orm.em.getDriver() as unknown as { replicas: { getKnex(): { client: { pool: { used: { resource: unknown }[]; free: { resource: unknown }[] } } } }[] };
      const named = driver.replicas.flatMap((replica) => {
        const { pool } = replica.getKnex().client;
        return [...pool.free, ...pool.used].flatMap(({ resource }) => Object.entries((resource as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements));
      });
      expect(named.some(([name, text]) => name.startsWith('iom_report_') && text.startsWith('WITH filtered AS'))).toBe(true);
    }
  });
});
