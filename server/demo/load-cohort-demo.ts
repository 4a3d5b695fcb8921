import type { EntityManager } from '@mikro-orm/core';
import { importCohortRecords, setScopeRules } from '../cohort/cohort.service.js';
import { addPublishedValues } from '../performance/published/published.service.js';
import { addUnitCost } from '../reference/reference.service.js';
import { loadOffenceClassification } from '../reference/offence-classification.service.js';
import { DEMO_PUBLISHED, DEMO_REVIEW_CADENCE, DEMO_SCOPE_RULES, DEMO_UNIT_COSTS } from './cohort-demo-data.js';
import { setReviewCadence } from '../cohort/review-cycle.service.js';
import { generateDemoCohort } from './cohort-generator.js';

/** The offence classification (if not loaded yet), unit costs, published values, scope rules and the synthetic cohort records, through the services. */
export async function loadCohortDemo(tx: EntityManager): Promise<void> {
  await loadOffenceClassification(tx);
  for (const cost of DEMO_UNIT_COSTS) await addUnitCost(tx, cost);
  for (const { partnership, values } of DEMO_PUBLISHED) await addPublishedValues(tx, partnership, values);
  for (const { partnership, rules } of DEMO_SCOPE_RULES) await setScopeRules(tx, partnership, rules);
  for (const { partnership, cadence, source } of DEMO_REVIEW_CADENCE) await setReviewCadence(tx, partnership, cadence, source);
  const plans = generateDemoCohort();
  for (const partnership of new Set(plans.map((plan) => plan.partnership)))
    await importCohortRecords(tx, partnership, plans.filter((plan) => plan.partnership === partnership));
}
