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
  offenceGroup?: string | null;
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
      offenceGroup: optionalText('input.offenceGroup', input.offenceGroup, 100),
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

/** The checked values of a unit cost; `knownBanding` says whether the CrimSec3 table has the banding. */
export function unitCostFields(input: UnitCostFields, field: string, knownBanding: (banding: string) => boolean) {
  const banding = requireText(`${field}.banding`, input.banding, 100);
  if (!knownBanding(banding)) throw badInput(`${field}.banding`, `"${banding}" is not a banding of the CrimSec3 table.`);
  return {
    tableVersion: requireText(`${field}.tableVersion`, input.tableVersion, 60),
    banding,
    costPence: poundsToPence(`${field}.cost`, input.cost),
    source: requireText(`${field}.source`, input.source, 2000),
  };
}

export async function addUnitCost(em: EntityManager, input: UnitCostFields): Promise<UnitCostOfCrime> {
  return writeTransaction(em, async (tx) => {
    const bandings = new Set((await tx.find(CrimeCategory, { banding: input.banding.trim() })).map((c) => c.banding));
    const fields = unitCostFields(input, 'input', (banding) => bandings.has(banding));
    if (await tx.count(UnitCostOfCrime, { tableVersion: fields.tableVersion, banding: fields.banding })) throw badInput('input.banding', `table ${fields.tableVersion} already has a cost for ${fields.banding}.`);
    const cost = tx.create(UnitCostOfCrime, fields as UnitCostOfCrime);
    await tx.flush();
    return cost;
  });
}
