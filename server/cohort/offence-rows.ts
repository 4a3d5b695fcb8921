import type { HubContext } from '../context.js';
import { monthsBefore } from '../calendar/months.js';
import { scopeOf } from '../db/partnership-scope.js';
import { reportSql } from '../db/sql.js';
import { columnsOf, plainPartOf, plainParts, prefixedColumns, readsLean } from '../db/entity-rows.js';
import { CrimeCategory } from '../reference/crime-category.entity.js';
import { type Membership, Offence } from './cohort.entity.js';
import { HeldLoader, offencesInYearTo } from './cohort-list.service.js';

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
export function recentOffencesOf(ctx: HubContext, asOf: string): HeldLoader<number, Offence[]> {
  const { em } = ctx;
  if (!readsLean(em)) return offencesInYearTo(ctx, asOf);
  const key = `plainOffences12.${asOf}`;
  let found = ctx.loaders.get(key) as HeldLoader<number, Offence[]> | undefined;
  if (found) return found;
  found = new HeldLoader<number, Offence[]>(async (nominalIds) => {
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

/**
 * Loads the offences in the 12 months to each `asOf` of the page's members (`asOfs`: those the query
 * asks the page for) and holds them, so each member's field answers at once: the same statement as
 * the field's own loader makes for the page (its nominals in the page's order). A failed load is not
 * held: the field then gives its error as before.
 */
export async function holdRecentOffences(ctx: HubContext, nodes: readonly Membership[], asOfs: readonly string[]): Promise<void> {
  if (!nodes.length) return;
  for (const asOf of asOfs) {
    const offences = recentOffencesOf(ctx, asOf);
    const ids = nodes.map((m) => m.nominal.id);
    const values = await offences.loadMany(ids);
    values.forEach((value, i) => { if (!(value instanceof Error)) offences.hold(ids[i], value); });
  }
}
