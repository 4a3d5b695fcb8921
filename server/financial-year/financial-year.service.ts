import type { EntityManager } from '@mikro-orm/core';
import { writeTransaction } from '../db/write.js';
import { FinancialYear } from './financial-year.entity.js';
import { parseFinancialYear } from './financial-year.js';

/** Opens a financial year for planning; opening an open year is harmless. */
export async function openFinancialYear(em: EntityManager, label: string): Promise<FinancialYear> {
  const span = parseFinancialYear('label', label);
  return writeTransaction(em, async (tx) => {
    const existing = await tx.findOne(FinancialYear, { label: span.label });
    if (existing) return existing;
    const year = tx.create(FinancialYear, { label: span.label, startDate: span.startDate, endDate: span.endDate });
    await tx.flush();
    return year;
  });
}
