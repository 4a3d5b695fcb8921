import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/core';
import { asSystem } from '../server/access/caller.js';
import { daysBetweenSql, monthsBeforeSql } from '../server/db/dialect.js';
import { sql } from '../server/db/sql.js';
import { offenceScopeSql, type OffenceScope } from '../server/performance/offence-scope.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { generatedOffences } from './support/generated-offences.js';
import { costOfCrimeSql } from '../server/performance/cost-of-crime/cost-of-crime.sql.js';
import { costOfCrimeParts, groupCounts } from '../server/performance/cost-of-crime/cost-of-crime.js';

/**
 * The cost-of-crime statement (counts per group and category, by an integer key) must give the
 * rows of the plain statement below, which joins every offence to its spell, banding and unit cost
 * and counts those rows per group and unit cost: on the demo data and on a generated set of
 * spells and offences with dates on every boundary, on SQLite and PostgreSQL alike; and run in
 * parts of the members, its parts' rows added up must give the same.
 */
function plainCostOfCrimeSql(em: EntityManager, offences: OffenceScope): string {
  return `WITH spells AS (
       SELECT m.nominal_id, m.start_date, ${monthsBeforeSql(em, 'm.start_date', 24)} AS since, COALESCE(m.end_date, :asOf) AS stop, m.end_date,
         CASE WHEN m.end_date IS NULL OR m.end_date > :asOf THEN 'Current' ELSE 'Removed' END AS grp
       FROM membership m JOIN nominal n ON n.id = m.nominal_id WHERE n.partnership_id = :partnershipId AND m.start_date <= :asOf),
     offences AS (
       SELECT s.grp, u.cost_pence,
         CASE WHEN o.offence_date >= s.since AND o.offence_date < s.start_date THEN 1 ELSE 0 END AS before_1,
         CASE WHEN o.offence_date >= s.start_date AND o.offence_date < s.stop THEN 1 ELSE 0 END AS during_1,
         CASE WHEN s.end_date IS NOT NULL AND o.offence_date >= s.end_date AND o.offence_date <= :asOf THEN 1 ELSE 0 END AS after_1
       FROM spells s JOIN offence o ON o.nominal_id = s.nominal_id AND o.outcome_date <= :asOf${offenceScopeSql(offences)}
         JOIN crime_category c ON c.id = o.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable),
     per_cost AS (
       SELECT grp, cost_pence, SUM(before_1) AS before_n, SUM(during_1) AS during_n, SUM(after_1) AS after_n,
         SUM(CASE WHEN cost_pence IS NULL THEN 1 ELSE 0 END) AS uncosted
       FROM offences GROUP BY grp, cost_pence)
     SELECT g.grp AS "group", g.members, g.member_days, p.cost_pence AS unit_cost, p.before_n, p.during_n, p.after_n, COALESCE(p.uncosted, 0) AS uncosted
     FROM (SELECT grp, COUNT(*) AS members, SUM(${daysBetweenSql(em, 'start_date', 'stop')}) AS member_days FROM spells GROUP BY grp) g
       LEFT JOIN per_cost p ON p.grp = g.grp
     ORDER BY g.grp, p.cost_pence`;
}

/** Numbers as numbers (PostgreSQL hands counts back as text), so the two statements' rows compare value for value. */
const plain = (rows: Record<string, unknown>[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' && key !== 'group' ? Number(value) : value])));

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

async function expectSameRows(asOfs: readonly string[]) {
  const em = t.orm.em.fork();
  const partnerships = await sql<{ id: number }>(em, 'SELECT id FROM partnership ORDER BY id');
  const tables = [...(await sql<{ table_version: string }>(em, 'SELECT DISTINCT table_version FROM unit_cost_of_crime ORDER BY table_version')).map((r) => r.table_version), 'no such table'];
  let compared = 0;
  for (const { id } of partnerships)
    for (const asOf of asOfs)
      for (const unitCostTable of tables)
        for (const scope of ['ALL', 'PRIORITY'] as const) {
          const params = { partnershipId: id, asOf, unitCostTable };
          const inParts = (parts: number) => Promise.all(Array.from({ length: parts }, (_, part) => sql(em, costOfCrimeSql(em, scope, parts), { ...params, parts, part })));
          const [whole, halves, thirds, expected] = await Promise.all([sql(em, costOfCrimeSql(em, scope), params), inParts(2), inParts(3), sql(em, plainCostOfCrimeSql(em, scope), params)]);
          const where = `partnership ${id}, as at ${asOf}, ${unitCostTable}, ${scope}`;
          expect(plain(whole), where).toEqual(plain(expected));
          for (const parts of [halves, thirds]) {
            expect(costOfCrimeParts(parts), where).toEqual(costOfCrimeParts([expected]));
            expect(groupCounts(costOfCrimeParts(parts)), where).toEqual(groupCounts(expected));
          }
          compared += whole.length;
        }
  return compared;
}

const GENERATED_AS_OF = ['2021-06-30', '2022-01-31', '2023-12-31'];

describe('the cost-of-crime statement', () => {
  it('gives the plain statement\'s rows on the demo data', async () => {
    expect(await expectSameRows(['2015-01-01', '2018-09-30', '2019-12-31', '2020-03-31', '2024-06-30'])).toBeGreaterThan(20);
  });

  it('gives the plain statement\'s rows on a generated set: spells open and closed, offences on and around every boundary, proven late, without a unit cost', async () => {
    const em = asSystem(t.orm.em.fork(), 'test');
    const { nominals, next, day, spell, offences, insert } = await generatedOffences(em, 20_181);
    for (const nominal of nominals.filter((_, i) => i % 2 === 0)) {
      // A new spell far from the demo's own, and a second one after it for every third nominal.
      const start = day('2016-01-01', 2_000 + next(900));
      const end = next(3) === 0 ? null : day(start, 1 + next(600));
      spell(nominal, start, end);
      offences(nominal, [day(start, -731), day(start, -730), day(start, -1), start, end ?? start, end ? day(end, -1) : day(start, 1), day(start, 100 + next(900)), ...GENERATED_AS_OF], 8);
    }
    await insert();
    expect(await expectSameRows(GENERATED_AS_OF)).toBeGreaterThan(20);
  });

  it('gives the plain statement\'s rows in parts when every member falls in one part, and when a partnership has none', async () => {
    // As at a day before any other spell starts: one member with an even nominal id, one with an
    // odd id in another partnership, and no member at all in the rest (every part empty).
    const em = asSystem(t.orm.em.fork(), 'test');
    const { day, spell, offences, insert } = await generatedOffences(em, 7);
    const [{ first }] = await sql<{ first: string }>(em, 'SELECT MIN(start_date) AS first FROM membership');
    const asOf = day(first, -400);
    const byPartnership = await sql<{ partnership_id: number; id: number }>(em, 'SELECT partnership_id, MIN(id) AS id FROM nominal GROUP BY partnership_id ORDER BY partnership_id');
    const even = byPartnership.map((r) => Number(r.id)).map((id) => (id % 2 === 0 ? id : id + 1));
    const [one, other] = [even[0], even[1] + 1];
    for (const nominal of [one, other]) {
      const start = day(asOf, -300);
      spell(nominal, start, nominal === other ? day(asOf, -10) : null);
      offences(nominal, [day(start, -731), day(start, -1), start, day(asOf, -10), asOf], 6);
    }
    await insert();
    const members = await sql<{ id: number; partnership_id: number }>(em, `SELECT DISTINCT n.id, n.partnership_id FROM membership m JOIN nominal n ON n.id = m.nominal_id WHERE m.start_date <= '${asOf}'`);
    expect(members.map((r) => [Number(r.id), Number(r.partnership_id)]).sort((a, b) => a[0] - b[0])).toEqual(
      [[one, byPartnership[0].partnership_id], [other, byPartnership[1].partnership_id]].map(([id, p]) => [id, Number(p)]).sort((a, b) => a[0] - b[0]),
    );
    expect(await expectSameRows([asOf])).toBeGreaterThan(2);
  });
});
