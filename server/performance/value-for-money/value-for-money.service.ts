import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { sql } from '../../db/sql.js';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { loadEstablishment } from '../../finance/establishment/establishment.service.js';
import { requireUnitCostTable } from '../../reference/lookup.js';
import { VALUE_FOR_MONEY_SQL } from './value-for-money.sql.js';
import { valueForMoneyDisclosure, yearCounts, type ValueForMoneyFigures } from './value-for-money.js';

export interface ValueForMoneyView extends ValueForMoneyFigures {
  partnership: string;
  financialYear: string;
  unitCostTable: string | null;
}

/**
 * Value for money v1 for a financial year: running cost = the year's establishment budget +
 * non-pay costs; managed = memberships on the scheme at any time in the year; average offence
 * cost = mean unit cost of the partnership's proven offences dated in the year; the counts as the
 * caller may see them, and every figure but the running cost worked out from those.
 */
export async function loadValueForMoney(em: EntityManager, code: string, yearLabel: string, unitCostTable?: string | null): Promise<ValueForMoneyView> {
  const establishment = await loadEstablishment(em, code, yearLabel);
  const { partnership, year } = establishment;
  const table = await requireUnitCostTable(em, 'unitCostTable', unitCostTable);
  const counts = yearCounts(await sql(em, VALUE_FOR_MONEY_SQL, { partnershipId: partnership.id, yearStart: year.startDate, yearEnd: year.endDate, unitCostTable: table }));
  const runningCost = { knownBudgetPence: establishment.totals.knownBudgetPence, nonPayPence: establishment.nonPayPence, complete: establishment.totals.totalBudgetPence !== null };
  const [figures] = protectSmallCounts(callerOf(em), null, valueForMoneyDisclosure(runningCost), [counts]);
  return { partnership: partnership.code, financialYear: year.label, unitCostTable: table, ...figures };
}
