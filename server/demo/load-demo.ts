import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { writeTransaction } from '../db/write.js';
import { HubMeta } from '../database/hub-meta.entity.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { addAgency, addHub, addPartnership } from '../partnership/partnership.service.js';
import { openFinancialYear } from '../financial-year/financial-year.service.js';
import { addEstablishmentLine, addNonPayLine } from '../finance/establishment/establishment.service.js';
import { saveCostShareDraft, setCostShareStatus } from '../finance/cost-share/cost-share.service.js';
import { addFundingRisk, addFundingStream } from '../funding/funding.service.js';
import { addAppraisalOption } from '../finance/options/options.service.js';
import { addCohortTarget, addStaffingRatio, setCohortCapacity } from '../partnership/staffing/staffing.service.js';
import { loadCohortDemo } from './load-cohort-demo.js';
import { asSystem } from '../access/caller.js';
import { DEMO_FINANCIAL_YEARS, DEMO_PARTNERSHIPS, type DemoPartnership } from './demo-data.js';

const LOADED_KEY = 'demo_data_loaded_at';

async function loadPartnership(tx: EntityManager, demo: DemoPartnership): Promise<void> {
  const { code } = demo.partnership;
  await addPartnership(tx, demo.partnership);
  for (const agency of demo.agencies) await addAgency(tx, code, agency);
  for (const hub of demo.hubs ?? []) await addHub(tx, code, hub);
  for (const { financialYear, lines } of demo.establishment ?? []) for (const line of lines) await addEstablishmentLine(tx, code, financialYear, line);
  for (const { financialYear, lines } of demo.nonPay ?? []) for (const line of lines) await addNonPayLine(tx, code, financialYear, line);
  for (const { financialYear, input, agreed } of demo.costShares ?? []) {
    const draft = await saveCostShareDraft(tx, code, financialYear, null, input);
    if (agreed) await setCostShareStatus(tx, code, financialYear, draft.agreement.version, 'AGREED');
  }
  for (const stream of demo.fundingStreams ?? []) await addFundingStream(tx, code, stream);
  for (const { financialYear, risks } of demo.fundingRisks ?? []) for (const risk of risks) await addFundingRisk(tx, code, financialYear, risk);
  for (const option of demo.options ?? []) await addAppraisalOption(tx, code, option);
  for (const ratio of demo.staffingRatios ?? []) await addStaffingRatio(tx, code, ratio);
  for (const target of demo.cohortTargets ?? []) await addCohortTarget(tx, code, target);
  for (const capacity of demo.cohortCapacity ?? []) await setCohortCapacity(tx, code, capacity);
}

/** Loads every demo partnership in one transaction: all of it or, on any error, none of it. */
export async function loadDemoData(em: EntityManager): Promise<void> {
  await writeTransaction(em, async (tx) => {
    for (const label of DEMO_FINANCIAL_YEARS) await openFinancialYear(tx, label);
    for (const demo of DEMO_PARTNERSHIPS) await loadPartnership(tx, demo);
    await loadCohortDemo(tx);
    tx.create(HubMeta, { key: LOADED_KEY, value: new Date().toISOString() });
    await tx.flush();
  });
}

/**
 * Loads the demo data into a database that has never had any: a fresh file gets it on first
 * start, and a database with data of its own (or whose demo data was edited or removed) is left alone.
 */
export async function loadDemoDataIfFresh(orm: MikroORM): Promise<boolean> {
  const em = asSystem(orm.em, 'demo data');
  if ((await em.count(HubMeta, { key: LOADED_KEY })) > 0 || (await em.count(Partnership)) > 0) return false;
  await loadDemoData(em);
  return true;
}
