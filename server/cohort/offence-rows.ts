import DataLoader from 'dataloader';
import type { HubContext } from '../context.js';
import { monthsBefore } from '../calendar/months.js';
import { scopeOf } from '../db/partnership-scope.js';
import { reportSql } from '../db/sql.js';
import { columnsOf, plainPartOf, plainParts, prefixedColumns, readsLean } from '../db/entity-rows.js';
import { CrimeCategory } from '../reference/crime-category.entity.js';
import { Offence } from './cohort.entity.js';
import { offencesInYearTo } from './cohort-list.service.js';

/**
 * Proven offences of many nominals dated in the 12 months to `asOf` (after asOf − 12 months, up to
 * asOf), in one statement, as offencesInYearTo reads them. On the lean read path (a query, never a
 * write's transaction) the offences and their categories are plain rows (plainOf): a cohort page
 * shows hundreds of them and only reads them, and making each an entity the ORM manages was most
 * of the page's time after its own statement. The statement keeps the ORM's partnership scope
 * (through the offence's nominal) and its order (offence date, then id). A report statement
 * (reportSql): kept prepared by name on PostgreSQL's report connections, one text for each number of
 * nominals asked (test/lean-offences.test.ts answers it against the ORM's find on both engines).
 */
export function recentOffencesOf(ctx: HubContext, asOf: string): DataLoader<number, Offence[]> {
  const { em } = ctx;
  if (!readsLean(em)) return offencesInYearTo(ctx, asOf);
  const key = `plainOffences12.${asOf}`;
  let found = ctx.loaders.get(key) as DataLoader<number, Offence[]> | undefined;
  if (found) return found;
  found = new DataLoader<number, Offence[]>(async (nominalIds) => {
    const cols = { o: columnsOf(em, 'Offence'), c: columnsOf(em, 'CrimeCategory') };
    const scope = scopeOf(em, 'n.partnership_id');
    const rows = await reportSql<Record<string, unknown>>(
      em,
      `SELECT ${prefixedColumns('o', cols.o)}, ${prefixedColumns('c', cols.c)}
         FROM offence o JOIN nominal n ON n.id = o.nominal_id JOIN crime_category c ON c.id = o.category_id
        WHERE o.nominal_id IN (:nominalIds) AND o.offence_date > :after AND o.offence_date <= :asOf AND ${scope.where}
        ORDER BY o.offence_date, o.id`,
      { nominalIds: [...nominalIds], after: monthsBefore(asOf, 12), asOf, ...scope.params },
    );
    const categories = new Map(plainParts(em, CrimeCategory, rows, 'c', cols.c).map((category) => [category.id, category]));
    const byNominal = new Map<number, Offence[]>(nominalIds.map((id) => [id, []]));
    for (const row of rows) {
      const offence = plainPartOf(em, Offence, row, 'o', cols.o, { category: categories.get(Number(row.c__id)) ?? null });
      byNominal.get(offence.nominal.id)?.push(offence);
    }
    return nominalIds.map((id) => byNominal.get(id) ?? []);
  });
  ctx.loaders.set(key, found);
  return found;
}
