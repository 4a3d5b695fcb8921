import type { EntityManager } from '@mikro-orm/core';
import { sql } from '../../server/db/sql.js';

/**
 * What a test needs to add generated spells and offences to a hub's cohort: a writer, the
 * nominals' and crime categories' ids, a repeatable pseudo-random `next(n)` (0 … n-1) from `seed`,
 * `day(base, days)` (the ISO date `days` after `base`), and the rows themselves: `spell` (with a
 * second, open spell after a closed one one time in three), `offences` (convictions dated among
 * `edges`, proven on the day, 3 or 400 days later) and `insert` to write them.
 */
export async function generatedOffences(em: EntityManager, seed: number) {
  const write = (statement: string) => em.getConnection('write').execute(statement, [], 'run');
  const nominals = (await sql<{ id: number }>(em, 'SELECT id FROM nominal ORDER BY id')).map((r) => Number(r.id));
  const categories = (await sql<{ id: number }>(em, 'SELECT id FROM crime_category ORDER BY id')).map((r) => Number(r.id));
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const day = (base: string, days: number) => new Date(Date.parse(`${base}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const spells: string[] = [];
  const offenceRows: string[] = [];
  const spell = (nominal: number, start: string, end: string | null) => {
    spells.push(`(${nominal}, '${start}', ${end ? `'${end}'` : 'NULL'}, CURRENT_TIMESTAMP)`);
    if (end && next(3) === 0) spells.push(`(${nominal}, '${day(end, 1 + next(60))}', NULL, CURRENT_TIMESTAMP)`);
  };
  const offences = (nominal: number, edges: string[], count: number) => {
    for (let k = 0; k < count; k++) {
      const offenceDate = edges[next(edges.length)];
      const outcomeDate = day(offenceDate, [0, 0, 3, 400][next(4)]);
      offenceRows.push(`(${nominal}, ${categories[next(categories.length)]}, '${offenceDate}', 'CONVICTION', '${outcomeDate}', CURRENT_TIMESTAMP)`);
    }
  };
  const insert = async () => {
    await write(`INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES ${spells.join(', ')}`);
    await write(`INSERT INTO offence (nominal_id, category_id, offence_date, outcome, outcome_date, updated_at) VALUES ${offenceRows.join(', ')}`);
  };
  return { write, nominals, next, day, spell, offences, insert };
}
