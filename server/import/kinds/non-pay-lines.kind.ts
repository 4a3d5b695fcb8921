import { InputChecks } from '../../errors/problems.js';
import { requireText } from '../../errors/validate.js';
import { NonPayCategory, type NonPayLine } from '../../finance/establishment/establishment-line.entity.js';
import { NON_PAY_LINE } from '../../finance/establishment/establishment.service.js';
import { storedValues } from '../../db/fields.js';
import { financialYearFrom } from '../../financial-year/lookup.js';
import type { NonPayLineInput } from '../../finance/establishment/establishment.input.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, scopedKey, PARTNERSHIP, reference, source, YEAR, single, FINANCE_IMPORTERS } from './import-kind.js';
import { financialYears, type FinanceLookups } from './lookups.js';

export const nonPayLinesKind: ImportKind<FinanceLookups, DbRow> = {
  name: 'non-pay-lines',
  summary: 'Non-pay costs per financial year: vehicles, tracking devices, licences, premises; an amount, or quantity × unit cost.',
  entity: 'NonPayLine',
  scoped: true,
  roles: FINANCE_IMPORTERS,
  columns: [
    PARTNERSHIP,
    reference('Line', ['Non-pay reference', 'Line ref', 'Cost reference']),
    YEAR,
    { key: 'category', header: 'Category', aliases: ['Cost category', 'Type'], required: true, type: 'enum', values: Object.values(NonPayCategory), description: '' },
    { key: 'description', header: 'Description', aliases: ['Item', 'Cost'], required: true, type: 'text', description: 'e.g. Vehicle insurance.' },
    { key: 'quantity', header: 'Quantity', aliases: ['Units', 'Number'], required: false, type: 'integer', description: 'How many units, when costed per unit (e.g. 12 vehicles).' },
    { key: 'unitCost', header: 'Unit cost', aliases: ['Cost per unit'], required: false, type: 'pounds', description: 'Cost of one unit.' },
    { key: 'amount', header: 'Amount', aliases: ['Total', 'Annual cost'], required: false, type: 'pounds', description: 'Cost for the year; worked out from quantity × unit cost when both are given (and refused if it differs).' },
    { key: 'notes', header: 'Notes', aliases: ['Note'], required: false, type: 'text', description: '' },
    source(),
  ],
  async load(db) {
    return { years: await financialYears(db), agencies: new Map() };
  },
  check(v, ctx) {
    // The same field rules and amount check as addNonPayLine, every problem of the row at once.
    const checks = new InputChecks();
    const year = checks.check(() => financialYearFrom('row.financialYear', text(v, 'financialYear')!, ctx.lookups.years));
    const ref = checks.check(() => requireText('row.reference', text(v, 'reference')!, 60));
    const input: NonPayLineInput = {
      category: v.category as NonPayCategory, description: text(v, 'description'), quantity: num(v, 'quantity'), unitCost: num(v, 'unitCost'), amount: num(v, 'amount'),
      notes: text(v, 'notes'), source: text(v, 'source'),
    };
    // The amount's fields apart from the rest, so the amount rule is checked even when another field is refused.
    const { quantity, unitCost, amount, ...rest } = NON_PAY_LINE.fields;
    const described = checks.check(() => storedValues(rest, input, 'row'));
    const costed = checks.check(() => storedValues({ quantity, unitCost, amount }, input, 'row') as NonPayLine);
    if (costed) checks.check(() => NON_PAY_LINE.complete!(costed, 'row', undefined as never, input));
    checks.done();
    const line = { ...described, ...costed } as NonPayLine;
    return {
      partnership_id: ctx.partnership!.id, reference: ref!, year_label: year!.label, category: line!.category, description: line!.description, quantity: line!.quantity,
      unit_cost_pence: line!.unitCostPence, amount_pence: line!.amountPence, notes: line!.notes, source: line!.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({
    table: 'non_pay_line', key: ['partnership_id', 'reference'], versioned: true,
    values: ['year_label', 'category', 'description', 'quantity', 'unit_cost_pence', 'amount_pence', 'notes', 'source'],
  }),
};
