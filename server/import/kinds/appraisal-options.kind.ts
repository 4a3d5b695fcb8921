import { storedValues } from '../../db/fields.js';
import { OptionStatus, type AppraisalOption } from '../../finance/options/appraisal-option.entity.js';
import type { AppraisalOptionInput } from '../../finance/options/options.input.js';
import { APPRAISAL_OPTION, optionReference } from '../../finance/options/options.service.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, scopedKey, PARTNERSHIP, source, single, FINANCE_IMPORTERS } from './import-kind.js';

export const appraisalOptionsKind: ImportKind<null, DbRow> = {
  name: 'appraisal-options',
  summary: 'Options of an options appraisal: programme, option number, cost and saving as published, status and why.',
  entity: 'AppraisalOption',
  scoped: true,
  roles: FINANCE_IMPORTERS,
  columns: [
    PARTNERSHIP,
    { key: 'programme', header: 'Programme', aliases: ['Programme appraised', 'Appraisal'], required: true, type: 'text', description: 'e.g. TurnAround IOM; with the option number, the key a re-import updates by.' },
    { key: 'option', header: 'Option', aliases: ['Option number', 'Option no'], required: true, type: 'integer', description: 'From 1.' },
    { key: 'title', header: 'Title', aliases: ['Option title'], required: true, type: 'text', description: '' },
    { key: 'description', header: 'Description', required: false, type: 'text', description: '' },
    { key: 'cost', header: 'Cost', aliases: ['Option cost'], required: false, type: 'pounds', description: 'Where published.' },
    { key: 'saving', header: 'Saving', aliases: ['Cost saving'], required: false, type: 'pounds', description: 'As published.' },
    { key: 'savingPercent', header: 'Saving %', aliases: ['Saving percent', '% saving'], required: false, type: 'number', description: 'As published (12.8 means 12.8%).' },
    { key: 'status', header: 'Status', aliases: ['Decision'], required: true, type: 'enum', values: Object.values(OptionStatus), description: '' },
    { key: 'reason', header: 'Reason', aliases: ['Why'], required: false, type: 'text', description: 'Why the option was preferred or discounted.' },
    { key: 'notes', header: 'Notes', aliases: ['Note', 'Caveats'], required: false, type: 'text', description: '' },
    source(),
  ],
  load: async () => null,
  check(v, ctx) {
    // The same field rules as addAppraisalOption, every problem of the row at once.
    const input: AppraisalOptionInput = {
      programme: text(v, 'programme'), option: num(v, 'option'), title: text(v, 'title'), description: text(v, 'description'), cost: num(v, 'cost'), saving: num(v, 'saving'),
      savingPercent: num(v, 'savingPercent'), status: v.status as OptionStatus, reason: text(v, 'reason'), notes: text(v, 'notes'), source: text(v, 'source'),
    };
    const o = storedValues(APPRAISAL_OPTION.fields, input, 'row') as AppraisalOption;
    return {
      partnership_id: ctx.partnership!.id, reference: optionReference(o.programme, o.option), programme: o.programme, option: o.option, title: o.title, description: o.description,
      cost_pence: o.costPence, saving_pence: o.savingPence, saving_percent_hundredths: o.savingPercentHundredths, status: o.status, reason: o.reason, notes: o.notes, source: o.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'option', value: `${r.programme} option ${r.option}` }),
  ...single({
    table: 'appraisal_option', key: ['partnership_id', 'reference'], versioned: true,
    values: ['programme', 'option', 'title', 'description', 'cost_pence', 'saving_pence', 'saving_percent_hundredths', 'status', 'reason', 'notes', 'source'],
  }),
};
