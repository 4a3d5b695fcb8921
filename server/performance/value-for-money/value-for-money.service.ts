import type { EntityManager } from '@mikro-orm/core';
import { sql } from '../../db/sql.js';
import { loadEstablishment } from '../../finance/establishment/establishment.service.js';
import { requireUnitCostTable } from '../../reference/lookup.js';
import { valueForMoneySql } from './value-for-money.sql.js';
import type { OffenceScope } from '../offence-scope.js';
import { valueForMoney, type ValueForMoneyFigures } from './value-for-money.js';

export interface ValueForMoneyView extends ValueForMoneyFigures {
  partnership: string;
  financialYear: string;
  offenceScope: OffenceScope;
  unitCostTable: string | null;
}

/**
 * Value for money v1 for a financial year: running cost = the year's establishment budget +
 * non-pay costs; managed = memberships on the scheme at any time in the year; average offence
 * cost = mean unit cost of the partnership's proven offences dated in the year.
 */
export async function loadValueForMoney(em: EntityManager, code: string, yearLabel: string, unitCostTable?: string | null, offences: OffenceScope = 'ALL'): Promise<ValueForMoneyView> {
  const establishment = await loadEstablishment(em, code, yearLabel);
  const { partnership, year } = establishment;
  const table = await requireUnitCostTable(em, 'unitCostTable', unitCostTable);
  const [counts] = await sql<{ managed: number; offences: number; average: number | null }>(em, valueForMoneySql(offences), {
    partnershipId: partnership.id, yearStart: year.startDate, yearEnd: year.endDate, unitCostTable: table,
  });
  const runningCost = { knownBudgetPence: establishment.totals.knownBudgetPence, nonPayPence: establishment.nonPayPence, complete: establishment.totals.totalBudgetPence !== null };
  return { partnership: partnership.code, financialYear: year.label, offenceScope: offences, unitCostTable: table, ...valueForMoney(runningCost, counts) };
}
