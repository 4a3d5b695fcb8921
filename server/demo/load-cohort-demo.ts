import type { EntityManager } from '@mikro-orm/core';
import { importCohortRecords, setScopeRules } from '../cohort/cohort.service.js';
import { addPublishedValues } from '../performance/published/published.service.js';
import { addCrimeCategory, addUnitCost } from '../reference/reference.service.js';
import { CRIMSEC3_TABLE, DEMO_PUBLISHED, DEMO_SCOPE_RULES, DEMO_UNIT_COSTS } from './cohort-demo-data.js';
import { generateDemoCohort } from './cohort-generator.js';

/** The CrimSec3 table, unit costs, published values, scope rules and the synthetic cohort records, through the services. */
export async function loadCohortDemo(tx: EntityManager): Promise<void> {
  for (const category of CRIMSEC3_TABLE) await addCrimeCategory(tx, category);
  for (const cost of DEMO_UNIT_COSTS) await addUnitCost(tx, cost);
  for (const { partnership, values } of DEMO_PUBLISHED) await addPublishedValues(tx, partnership, values);
  for (const { partnership, rules } of DEMO_SCOPE_RULES) await setScopeRules(tx, partnership, rules);
  const plans = generateDemoCohort();
  for (const partnership of new Set(plans.map((plan) => plan.partnership)))
    await importCohortRecords(tx, partnership, plans.filter((plan) => plan.partnership === partnership));
}
