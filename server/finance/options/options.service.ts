import type { EntityManager } from '@mikro-orm/core';
import { optionalText, requireText, requireWholeNumber } from '../../errors/validate.js';
import { loadForUpdate, removeVersioned, writeTransaction } from '../../db/write.js';
import { optionalPoundsToPence } from '../../money/pence.js';
import { optionalToHundredths } from '../../money/hundredths.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { AppraisalOption } from './appraisal-option.entity.js';
import type { AppraisalOptionInput } from './options.input.js';

function applyOption(option: AppraisalOption, input: AppraisalOptionInput, field: string): void {
  option.programme = requireText(`${field}.programme`, input.programme);
  option.option = requireWholeNumber(`${field}.option`, input.option, { min: 1 });
  option.title = requireText(`${field}.title`, input.title, 500);
  option.description = optionalText(`${field}.description`, input.description, 5000);
  option.costPence = optionalPoundsToPence(`${field}.cost`, input.cost);
  option.savingPence = optionalPoundsToPence(`${field}.saving`, input.saving);
  option.savingPercentHundredths = optionalToHundredths(`${field}.savingPercent`, input.savingPercent, { max: 100 });
  option.status = input.status;
  option.reason = optionalText(`${field}.reason`, input.reason, 5000);
  option.notes = optionalText(`${field}.notes`, input.notes, 5000);
  option.source = optionalText(`${field}.source`, input.source);
}

export async function loadOptionsAppraisal(em: EntityManager, partnershipCode: string, programme?: string | null): Promise<AppraisalOption[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  return em.find(AppraisalOption, programme ? { partnership, programme } : { partnership }, { orderBy: { programme: 'asc', option: 'asc' } });
}

export async function addAppraisalOption(em: EntityManager, partnershipCode: string, input: AppraisalOptionInput): Promise<AppraisalOption> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const option = tx.create(AppraisalOption, { partnership } as AppraisalOption);
    applyOption(option, input, 'option');
    await tx.flush();
    return option;
  });
}

export async function updateAppraisalOption(em: EntityManager, id: string, expectedVersion: number, input: AppraisalOptionInput): Promise<AppraisalOption> {
  return writeTransaction(em, async (tx) => {
    const option = await loadForUpdate(tx, AppraisalOption, 'appraisal option', id, expectedVersion);
    applyOption(option, input, 'option');
    await tx.flush();
    return option;
  });
}

export function removeAppraisalOption(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, AppraisalOption, 'appraisal option', id, expectedVersion);
}
