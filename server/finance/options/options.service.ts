import type { EntityManager } from '@mikro-orm/core';
import { addVersioned, removeVersioned, updateVersioned, type RecordKind } from '../../db/write.js';
import { hundredthsField, poundsField, textField, valueField, wholeNumberField } from '../../db/fields.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { AppraisalOption } from './appraisal-option.entity.js';
import type { AppraisalOptionInput } from './options.input.js';

export const APPRAISAL_OPTION: RecordKind<AppraisalOption> = {
  entity: AppraisalOption,
  what: 'appraisal option',
  fields: {
    programme: textField('programme', 200, { required: true }),
    option: wholeNumberField('option', { min: 1 }, { required: true }),
    title: textField('title', 500, { required: true }),
    description: textField('description', 5000),
    cost: poundsField('costPence'),
    saving: poundsField('savingPence'),
    savingPercent: hundredthsField('savingPercentHundredths', { max: 100 }),
    status: valueField('status', { required: true }),
    reason: textField('reason', 5000),
    notes: textField('notes', 5000),
    source: textField('source'),
  },
};

export async function loadOptionsAppraisal(em: EntityManager, partnershipCode: string, programme?: string | null): Promise<AppraisalOption[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  return em.find(AppraisalOption, programme ? { partnership, programme } : { partnership }, { orderBy: { programme: 'asc', option: 'asc' } });
}

export function addAppraisalOption(em: EntityManager, partnershipCode: string, input: AppraisalOptionInput): Promise<AppraisalOption> {
  return addVersioned(em, APPRAISAL_OPTION, async (tx) => ({ partnership: await requirePartnership(tx, 'partnership', partnershipCode) }), input, 'option');
}

export function updateAppraisalOption(em: EntityManager, id: string, expectedVersion: number, input: AppraisalOptionInput): Promise<AppraisalOption> {
  return updateVersioned(em, APPRAISAL_OPTION, id, expectedVersion, input, 'option');
}

export function removeAppraisalOption(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, AppraisalOption, 'appraisal option', id, expectedVersion);
}
