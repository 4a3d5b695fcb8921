import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../server/access/caller.js';
import { engineOf } from '../server/db/dialect.js';
import { partnershipScope } from '../server/db/partnership-scope.js';
import { sql } from '../server/db/sql.js';
import { CohortGrouping } from '../server/performance/cohort-grouping.js';
import { reoffendingRatesSql } from '../server/performance/reoffending-rates/reoffending-rates.sql.js';
import { postgresqlOrder } from '../server/performance/reoffending-rates/reoffending-rates.service.js';
import { reoffendingCounts, reoffendingRatesPartCount, reoffendingRatesParts, sqliteOrder } from '../server/performance/reoffending-rates/reoffending-rates.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { generatedOffences } from './support/generated-offences.js';
import { reoffendingRatesBefore, reoffendingRatesBeforeSqlite } from './support/reoffending-rates-before.js';

/**
 * The reoffending-rates statement run in parts of the members (at once, on the reader
 * connections), its parts' rows added up, must give the rows of the statement run whole, in the
 * same order: for every grouping of members, every partnership alone and all together, windows
 * on the demo data and on generated spells and offences, unit-cost tables (and none) and offence
 * scopes; with groups whose names SQLite orders by their bytes (upper before lower case, accents
 * and signs outside the basic plane last). On SQLite the statement, reading every partnership's
 * members from the memberships first and from the nominals first, must give the rows of the
 * statement before it counted per member (test/support/reoffending-rates-before.ts). On PostgreSQL parts of named partnerships
 * are read member by member, as the hub reads them, and their groups ordered as the server orders them. On PostgreSQL the statement, reading the window's
 * offences by date and member by member, must give the rows of the statement before it counted
 * per member (test/support/reoffending-rates-before.ts), by every grouping, also where a member's
 * spells overlap (an offence counts once). That the whole
 * statement counts right is test/performance-measures.test.ts's part.
 */

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const GROUPINGS = Object.values(CohortGrouping).filter((g) => g !== 'OFFENCE_GROUP');

/** Numbers as numbers (PostgreSQL hands counts back as text). */
const plain = (rows: Record<string, unknown>[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' && key !== 'group' ? Number(value) : value])));

async function expectSameRows(windows: readonly [string, string][]): Promise<number> {
  const em = t.orm.em.fork();
  const partnerships = (await sql<{ id: number }>(em, 'SELECT id FROM partnership ORDER BY id')).map((r) => [Number(r.id)]);
  const tables = [...(await sql<{ table_version: string }>(em, 'SELECT DISTINCT table_version FROM unit_cost_of_crime ORDER BY table_version')).map((r) => r.table_version), 'no such table'];
  let compared = 0;
  for (const ids of [[], ...partnerships])
    for (const groupBy of GROUPINGS)
      for (const [from, to] of windows)
        for (const unitCostTable of tables)
          for (const scope of ['ALL', 'PRIORITY'] as const) {
            const where = partnershipScope({ partnershipIds: 'ALL' }, 'n.partnership_id', ids);
            const params = { from, to, unitCostTable, ...where.params };
            // Every partnership is read as the hub reads it, from the memberships first on SQLite;
            // named partnerships on PostgreSQL member by member.
            const read = { everyPartnership: !ids.length, byMember: engineOf(em) === 'postgresql' && ids.length > 0 };
            const inParts = (parts: number) =>
              Promise.all(Array.from({ length: parts }, (_, part) => sql(em, reoffendingRatesSql(em, groupBy, where.where, scope, { ...read, parts }), { ...params, parts, part })));
            const [whole, halves, thirds] = await Promise.all([sql(em, reoffendingRatesSql(em, groupBy, where.where, scope, read), params), inParts(2), inParts(3)]);
            const at = `partnerships [${ids.join(', ')}], ${groupBy}, (${from}, ${to}], ${unitCostTable}, ${scope}`;
            if (engineOf(em) === 'sqlite') {
              const [before, fromNominals] = await Promise.all([
                sql(em, reoffendingRatesBeforeSqlite(em, groupBy, where.where, scope), params),
                sql(em, reoffendingRatesSql(em, groupBy, where.where, scope), params),
              ]);
              expect(whole, `SQLite, ${at}`).toEqual(before);
              expect(fromNominals, `SQLite, ${at}`).toEqual(before);
            }
            expect(reoffendingRatesParts([whole]), at).toEqual(whole);
            for (const parts of [halves, thirds]) {
              const order = engineOf(em) === 'postgresql' ? await postgresqlOrder(em, parts) : undefined;
              expect(plain(reoffendingRatesParts(parts, order)), at).toEqual(plain(whole));
              expect(reoffendingCounts(reoffendingRatesParts(parts, order)), at).toEqual(reoffendingCounts(whole));
            }
            compared += whole.length;
          }
  if (engineOf(em) === 'postgresql')
    for (const ids of [[], ...partnerships])
      for (const groupBy of Object.values(CohortGrouping))
        for (const [from, to] of windows)
          for (const unitCostTable of tables)
            for (const scope of ['ALL', 'PRIORITY'] as const) {
              const where = partnershipScope({ partnershipIds: 'ALL' }, 'n.partnership_id', ids);
              const params = { from, to, unitCostTable, ...where.params };
              const [before, byDate, byMember] = await Promise.all([
                sql(em, reoffendingRatesBefore(em, groupBy, where.where, scope), params),
                sql(em, reoffendingRatesSql(em, groupBy, where.where, scope), params),
                sql(em, reoffendingRatesSql(em, groupBy, where.where, scope, { byMember: true }), params),
              ]);
              const at = `PostgreSQL, partnerships [${ids.join(', ')}], ${groupBy}, (${from}, ${to}], ${unitCostTable}, ${scope}`;
              expect(plain(byDate), at).toEqual(plain(before));
              expect(plain(byMember), at).toEqual(plain(before));
              compared += before.length;
            }
  return compared;
}

describe('the reoffending-rates statement in parts', () => {
  it('runs in two parts on SQLite by a grouping of members, whole by offence group and on PostgreSQL', () => {
    expect(reoffendingRatesPartCount('sqlite', 'PARTNERSHIP')).toBe(2);
    expect(reoffendingRatesPartCount('sqlite', 'OFFENCE_GROUP')).toBe(1);
    expect(reoffendingRatesPartCount('postgresql', 'AGE_BAND')).toBe(1);
    expect(reoffendingRatesPartCount('postgresql', 'AGE_BAND', true)).toBe(2);
    expect(reoffendingRatesPartCount('postgresql', 'OFFENCE_GROUP', true)).toBe(1);
  });

  it('orders groups added up from parts as the database orders them', async () => {
    const em = t.orm.em.fork();
    // NULL is first on SQLite and last on PostgreSQL.
    const parts = [[{ group: 'b' }, { group: 'é' }], [{ group: 'B' }, { group: null }, { group: '😀' }, { group: 'a' }], [{ group: 'b' }, { group: 'Z' }]];
    const expected = await sql<{ grp: string | null }>(em, "SELECT column1 AS grp FROM (VALUES ('b'), ('é'), ('B'), (NULL), ('😀'), ('a'), ('Z')) AS g ORDER BY grp");
    const order = engineOf(em) === 'postgresql' ? await postgresqlOrder(em, parts) : undefined;
    expect(reoffendingRatesParts(parts.map((rows) => rows.map((row) => ({ ...row, members: 1 }))), order).map((row) => row.group)).toEqual(expected.map((row) => row.grp));
  });

  it('orders groups as SQLite does: NULL, numbers, then text by its bytes', () => {
    const values = ['b', 'é', 'B', null, '😀', 10, 'ﬀ', 2, 'a', 'Z'];
    expect([...values].sort(sqliteOrder)).toEqual([null, 2, 10, 'B', 'Z', 'a', 'b', 'é', 'ﬀ', '😀']);
  });

  it('gives the whole statement\'s rows on the demo data', async () => {
    expect(await expectSameRows([['2017-09-30', '2018-09-30'], ['2019-03-31', '2020-03-31']])).toBeGreaterThan(100);
  });

  it('gives the whole statement\'s rows on generated spells and offences, with groups SQLite orders by their bytes', async () => {
    const em = asSystem(t.orm.em.fork(), 'test');
    const { write, nominals, next, day, spell, offences, insert } = await generatedOffences(em, 20_261_129);
    const authorities = ['zeta', 'Zeta', 'Écija', 'ecija', 'Øre', 'a😀', 'aﬀ', 'A'];
    for (const [i, nominal] of nominals.entries()) {
      if (i % 3 === 0) await write(`UPDATE nominal SET local_authority = '${authorities[(i / 3) % authorities.length]}' WHERE id = ${nominal}`);
      // By PATHWAY a member counts in each of their needs' groups once, a need recorded twice too; none recorded is a group of its own.
      const needs = [['DRUGS', 'DRUGS', 'ACCOMMODATION'], ['ACCOMMODATION', 'ETE'], []][i % 4];
      if (needs) await write(`UPDATE nominal SET needs = '${JSON.stringify(needs)}' WHERE id = ${nominal}`);
      if (i % 5 === 4) continue;
      const start = day('2021-06-01', next(700));
      const end = next(3) === 0 ? null : day(start, 1 + next(400));
      spell(nominal, start, end);
      // Spells that overlap, which the hub's own writes never make: the count must not rely on it.
      if (i % 7 === 1) spell(nominal, day(start, 1 + next(30)), day(start, 200 + next(400)));
      // A closed spell after a gap: an offence in the gap counts for neither (unless a spell added after the first covers it).
      const later = end && i % 7 === 3 ? [day(end, 65), day(end, 70), day(end, 119), day(end, 120)] : [];
      if (end && later.length) spell(nominal, day(end, 70), day(end, 120));
      offences(nominal, [day(start, -1), start, end ?? start, end ? day(end, -1) : day(start, 1), '2022-06-30', '2022-07-01', '2023-06-30', day(start, next(500)), ...later], 6 + later.length);
    }
    await insert();
    expect(await expectSameRows([['2022-06-30', '2023-06-30']])).toBeGreaterThan(100);
    if (engineOf(em) === 'sqlite') {
      // The groups came back in the statement's order, which the parts' merge must keep.
      const rows = await sql<{ group: string }>(em, reoffendingRatesSql(em, 'LOCAL_AUTHORITY', '1 = 1', 'ALL'), { from: '2022-06-30', to: '2023-06-30', unitCostTable: 'no such table' });
      expect(rows.map((r) => r.group)).toEqual(expect.arrayContaining(['A', 'Zeta', 'a😀', 'aﬀ', 'Écija', 'zeta']));
    }
  });
});
