import type { EntityManager } from '@mikro-orm/core';
import { writeTransaction } from '../db/write.js';
import { CrimeCategory, CrimeClassification } from './crime-category.entity.js';
import { OFFENCE_CLASSIFICATION, OFFENCE_CLASSIFICATION_CODES } from './offence-classification.js';

/**
 * Loads the offence classification the hub ships into any database that lacks it (on every start,
 * demo data or not): codes it does not hold are added, codes it already holds from before the
 * classification (the priority table) are marked as belonging to it; nothing a partnership
 * recorded is changed. Reference data, written natively (it is no partnership's record). Returns
 * how many codes were added.
 */
export async function loadOffenceClassification(em: EntityManager): Promise<number> {
  const { version } = OFFENCE_CLASSIFICATION;
  const marked = await em.count(CrimeCategory, { classification: version });
  if (marked === OFFENCE_CLASSIFICATION_CODES.length && (await em.count(CrimeClassification, { version }))) return 0;
  return writeTransaction(em, async (tx) => {
    if (!(await tx.count(CrimeClassification, { version }))) await tx.insert(CrimeClassification, { ...OFFENCE_CLASSIFICATION });
    const held = new Map((await tx.find(CrimeCategory, {})).map((category) => [category.code, category]));
    const missing = OFFENCE_CLASSIFICATION_CODES.filter((c) => !held.has(c.code));
    if (missing.length) await tx.insertMany(CrimeCategory, missing.map((c) => ({ ...c, classification: version })));
    for (const c of OFFENCE_CLASSIFICATION_CODES) {
      const category = held.get(c.code);
      if (category && !category.classification) await tx.nativeUpdate(CrimeCategory, { id: category.id }, { classification: version, offenceGroup: category.offenceGroup ?? c.offenceGroup });
    }
    return missing.length;
  });
}
