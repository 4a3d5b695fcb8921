import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { optionalText, requireText } from '../errors/validate.js';
import { writeTransaction } from '../db/write.js';
import { requirePartnership } from './lookup.js';
import { Agency, AgencyKind, Hub, Partnership } from './partnership.entity.js';

export interface PartnershipFields {
  code: string;
  name: string;
  region?: string | null;
  governanceBoard?: string | null;
  source?: string | null;
}

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function requireCode(field: string, code: string): string {
  const value = code.trim();
  if (!CODE.test(value) || value.length > 60)
    throw badInput(field, `"${code}" is not a valid code: use lower-case letters, digits and single hyphens, e.g. norfolk-suffolk.`);
  return value;
}

export function listPartnerships(em: EntityManager): Promise<Partnership[]> {
  return em.find(Partnership, {}, { orderBy: { name: 'asc' } });
}

export async function addPartnership(em: EntityManager, fields: PartnershipFields): Promise<Partnership> {
  const code = requireCode('input.code', fields.code);
  return writeTransaction(em, async (tx) => {
    if (await tx.count(Partnership, { code })) throw badInput('input.code', `a partnership "${code}" already exists.`);
    const partnership = tx.create(Partnership, {
      code,
      name: requireText('input.name', fields.name),
      region: optionalText('input.region', fields.region, 200),
      governanceBoard: optionalText('input.governanceBoard', fields.governanceBoard, 200),
      source: optionalText('input.source', fields.source),
    });
    await tx.flush();
    return partnership;
  });
}

export interface AgencyFields {
  code: string;
  name: string;
  kind: AgencyKind;
}

export async function addAgency(em: EntityManager, partnershipCode: string, fields: AgencyFields): Promise<Agency> {
  const code = requireCode('input.code', fields.code);
  if (!Object.values(AgencyKind).includes(fields.kind)) throw badInput('input.kind', `"${fields.kind}" is not an agency kind.`);
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    if (await tx.count(Agency, { partnership, code })) throw badInput('input.code', `${partnership.name} already has an agency "${code}".`);
    const agency = tx.create(Agency, { partnership, code, name: requireText('input.name', fields.name), kind: fields.kind });
    await tx.flush();
    return agency;
  });
}

export async function addHub(em: EntityManager, partnershipCode: string, name: string): Promise<Hub> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const hubName = requireText('name', name);
    if (await tx.count(Hub, { partnership, name: hubName })) throw badInput('name', `${partnership.name} already has a hub "${hubName}".`);
    const hub = tx.create(Hub, { partnership, name: hubName });
    await tx.flush();
    return hub;
  });
}
