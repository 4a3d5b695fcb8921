import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../server/access/caller.js';
import { engineOf } from '../server/db/dialect.js';
import { snapshotPartsTest, sqlInParts } from '../server/db/snapshot-parts.js';
import { sql } from '../server/db/sql.js';
import { loadCostOfCrime } from '../server/performance/cost-of-crime/cost-of-crime.service.js';
import { loadReoffendingRates } from '../server/performance/reoffending-rates/reoffending-rates.service.js';
import { startTestHub, type TestHub } from './support/hub.js';

/**
 * A measure read in parts of the members at once (cost of crime, reoffending rates for named
 * partnerships) reads one state of the database: on PostgreSQL every part reads the first part's
 * snapshot, so an offence committed once the first part has begun is not counted by the second
 * (it is by the next request). On SQLite the parts run as before (no shared snapshot there).
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());
afterEach(() => {
  snapshotPartsTest.betweenParts = null;
});

const AS_OF = '2026-06-30';

/** A current member of the second part (odd nominal id) and an offence of theirs during the membership. */
async function memberOfSecondPart() {
  const em = t.orm.em.fork();
  const [member] = await sql<{ nominal_id: number; code: string; start_date: string }>(
    em,
    `SELECT n.id AS nominal_id, p.code, m.start_date FROM nominal n JOIN membership m ON m.nominal_id = n.id JOIN partnership p ON p.id = n.partnership_id
     WHERE n.id % 2 = 1 AND m.end_date IS NULL AND m.start_date < '2025-07-01' ORDER BY n.id LIMIT 1`,
  );
  const [category] = await sql<{ id: number }>(em, 'SELECT c.id FROM crime_category c JOIN unit_cost_of_crime u ON u.banding = c.banding ORDER BY c.id LIMIT 1');
  const insert = `INSERT INTO offence (nominal_id, category_id, offence_date, outcome, outcome_date, updated_at) VALUES (${Number(member.nominal_id)}, ${Number(category.id)}, '2026-01-15', 'CONVICTION', '2026-01-20', CURRENT_TIMESTAMP)`;
  return { code: member.code, write: () => t.orm.em.fork().getConnection().execute(insert), undo: () => t.orm.em.fork().getConnection().execute(`DELETE FROM offence WHERE nominal_id = ${Number(member.nominal_id)} AND offence_date = '2026-01-15'`) };
}

const measures = {
  'cost of crime': (code: string) => loadCostOfCrime(asSystem(t.orm.em.fork(), 'test'), code, AS_OF),
  'reoffending rates for a named partnership': (code: string) => loadReoffendingRates(asSystem(t.orm.em.fork(), 'test'), [code], '2025-06-30', AS_OF, 'NONE'),
};

describe('a measure read in parts', () => {
  for (const [name, measure] of Object.entries(measures)) {
    it(`${name}: a write committed after the first part began is seen by no part, and by the next request`, async () => {
      const { code, write, undo } = await memberOfSecondPart();
      const before = await measure(code);
      let wrote = 0;
      snapshotPartsTest.betweenParts = async () => {
        await write();
        wrote++;
      };
      try {
        const during = await measure(code);
        if (engineOf(t.orm.em) === 'postgresql') {
          expect(wrote).toBe(1);
          expect(during).toEqual(before);
        }
        snapshotPartsTest.betweenParts = null;
        if (!wrote) await write();
        expect(await measure(code)).not.toEqual(before);
      } finally {
        await undo();
      }
      expect(await measure(code)).toEqual(before);
    });
  }

  it('gives the rows of its parts read one by one, and leaves its connections usable after a failure', async () => {
    const em = t.orm.em.fork();
    const query = 'SELECT id FROM nominal WHERE id % 2 = :part ORDER BY id';
    const parts = [{ part: 0 }, { part: 1 }];
    expect(await sqlInParts(em, query, parts)).toEqual([await sql(em, query, parts[0]), await sql(em, query, parts[1])]);
    if (engineOf(em) !== 'postgresql') return; // SQLite divides by zero into NULL
    // The first part fails, then the second.
    await expect(sqlInParts(em, 'SELECT 1 / :part AS x', parts)).rejects.toThrow(/division by zero/);
    await expect(sqlInParts(em, 'SELECT 1 / (:part - 1) AS x', parts)).rejects.toThrow(/division by zero/);
    // Every pooled connection is back outside any transaction (a read-only one would say on).
    const reads = await Promise.all(Array.from({ length: 4 }, () => sql<{ read_only: string }>(em, "SELECT current_setting('transaction_read_only') AS read_only")));
    for (const [row] of reads) expect(row.read_only).toBe('off');
  });

  it('never waits for a second connection while holding the first: with the pool taken, the parts run on the first, in its snapshot', async () => {
    const em = t.orm.em.fork();
    if (engineOf(em) !== 'postgresql') return;
    const query = 'SELECT id FROM nominal WHERE id % 2 = :part ORDER BY id';
    const parts = [{ part: 0 }, { part: 1 }, { part: 0 }];
    const expected = [await sql(em, query, parts[0]), await sql(em, query, parts[1]), await sql(em, query, parts[0])];
    const { readConnection } = await import('../server/db/read-connection.js');
    const client = (readConnection(em) as unknown as { getKnex(): { client: { pool: { max: number; numUsed(): number }; acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> } } }).getKnex().client;
    const taken: unknown[] = [];
    let ranAlone = false;
    snapshotPartsTest.betweenParts = async () => {
      // Every other connection the pool may open is held elsewhere, as by other requests' first parts.
      while (client.pool.numUsed() < client.pool.max) taken.push(await client.acquireConnection());
      ranAlone = true;
    };
    try {
      expect(await sqlInParts(em, query, parts)).toEqual(expected);
      expect(ranAlone).toBe(true);
    } finally {
      snapshotPartsTest.betweenParts = null;
      await Promise.all(taken.map((c) => client.releaseConnection(c)));
    }
    // Its connection went back: the pool serves again.
    expect(await sqlInParts(em, query, parts)).toEqual(expected);
  }, 20_000);
});
