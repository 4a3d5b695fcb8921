import type { EntityManager } from '@mikro-orm/core';
import { sql } from '../../server/db/sql.js';

/**
 * What a test needs to add generated spells and offences to a hub's cohort: a writer, the
 * nominals' and crime categories' ids, a repeatable pseudo-random `next(n)` (0 … n-1) from `seed`,
 * and `day(base, days)`, the ISO date `days` after `base`.
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
  return { write, nominals, categories, next, day };
}
