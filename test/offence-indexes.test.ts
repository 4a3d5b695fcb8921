import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineOf } from '../server/db/dialect.js';
import { startTestHub, type TestHub } from './support/hub.js';

/**
 * The offence table keeps the indexes the reads need and no more (each imported offence pays for
 * every index): the measures' two, the unique one on nominal and reference the imports update by,
 * and none on the category alone, whose foreign key still refuses a category that is not there.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

describe('the offences', () => {
  it('are kept in three indexes besides the primary key, none on the category alone, and an offence of a category that is not there is refused', async () => {
    const sql = t.orm.em.getConnection();
    const indexes = engineOf(t.orm.em) === 'postgresql'
      ? "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'offence' AND indexname <> 'offence_pkey'"
      : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'offence' AND sql IS NOT NULL";
    expect((await sql.execute<{ name: string }[]>(indexes)).map((row: { name: string }) => row.name).sort()).toEqual([
      'offence_nominal_id_offence_date_category_id_outcome_date_index',
      'offence_nominal_id_reference_unique',
      'offence_offence_date_nominal_id_category_id_outcome_date_index',
    ]);

    const count = async () => (await sql.execute<{ n: number }[]>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM offence'))[0].n;
    const before = await count();
    const offence = (category: string) => `INSERT INTO offence (version, updated_at, nominal_id, category_id, offence_date, outcome, outcome_date)
      SELECT 1, CURRENT_TIMESTAMP, MIN(n.id), ${category}, '2015-01-01', 'CONVICTION', '2015-02-01' FROM nominal n`;
    await expect(sql.execute(offence('(SELECT MAX(id) + 1 FROM crime_category)'))).rejects.toThrow(/FOREIGN KEY constraint failed|offence_category_id_foreign/);
    expect(await count()).toBe(before);
    await sql.execute(offence('(SELECT MIN(id) FROM crime_category)'));
    expect(await count()).toBe(before + 1);
  });
});
