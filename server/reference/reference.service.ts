import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { optionalText, requireText } from '../errors/validate.js';
import { writeTransaction } from '../db/write.js';
import { poundsToPence } from '../money/pence.js';
import { CrimeCategory, UnitCostOfCrime } from './crime-category.entity.js';

export interface CrimeCategoryFields {
  code: string;
  description: string;
  banding: string;
  crimeGroup: string;
  priority: boolean;
  source?: string | null;
}

export async function addCrimeCategory(em: EntityManager, input: CrimeCategoryFields): Promise<CrimeCategory> {
  return writeTransaction(em, async (tx) => {
    const code = requireText('input.code', input.code, 20);
    if (await tx.count(CrimeCategory, { code })) throw badInput('input.code', `CrimSec3 code "${code}" is already in the table.`);
    const category = tx.create(CrimeCategory, {
      code,
      description: requireText('input.description', input.description),
      banding: requireText('input.banding', input.banding, 100),
      crimeGroup: requireText('input.crimeGroup', input.crimeGroup, 100),
      priority: input.priority,
      source: optionalText('input.source', input.source),
    });
    await tx.flush();
    return category;
  });
}

export interface UnitCostFields {
  tableVersion: string;
  banding: string;
  cost: number;
  source: string;
}

export async function addUnitCost(em: EntityManager, input: UnitCostFields): Promise<UnitCostOfCrime> {
  return writeTransaction(em, async (tx) => {
    const tableVersion = requireText('input.tableVersion', input.tableVersion, 60);
    const banding = requireText('input.banding', input.banding, 100);
    if (!(await tx.count(CrimeCategory, { banding }))) throw badInput('input.banding', `"${banding}" is not a banding of the CrimSec3 table.`);
    if (await tx.count(UnitCostOfCrime, { tableVersion, banding })) throw badInput('input.banding', `table ${tableVersion} already has a cost for ${banding}.`);
    const cost = tx.create(UnitCostOfCrime, { tableVersion, banding, costPence: poundsToPence('input.cost', input.cost), source: requireText('input.source', input.source, 2000) } as UnitCostOfCrime);
    await tx.flush();
    return cost;
  });
}
