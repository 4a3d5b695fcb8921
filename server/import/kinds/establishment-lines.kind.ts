import { badInput } from '../../errors/domain-error.js';
import { requireText } from '../../errors/validate.js';
import { InputChecks } from '../../errors/problems.js';
import { EstablishmentLineKind } from '../../finance/establishment/establishment-line.entity.js';
import { establishmentLineFields } from '../../finance/establishment/establishment.service.js';
import { financialYearFrom } from '../../financial-year/lookup.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, sep, scopedKey, PARTNERSHIP, reference, source, YEAR, single, FINANCE_IMPORTERS } from './import-kind.js';
import { financialYears, codeMap, type FinanceLookups } from './lookups.js';

export const establishmentLinesKind: ImportKind<FinanceLookups, DbRow> = {
  name: 'establishment-lines',
  summary: 'Lines of the staffing establishment: rank or scale, FTE and baseline budget, per financial year.',
  entity: 'EstablishmentLine',
  scoped: true,
  roles: FINANCE_IMPORTERS,
  columns: [
    PARTNERSHIP,
    reference('Line', ['Post reference', 'Line ref', 'Post ID']),
    YEAR,
    { key: 'grade', header: 'Grade', aliases: ['Rank', 'Scale', 'Rank or scale', 'Post'], required: true, type: 'text', description: 'e.g. Constable, Staff Scale 4.' },
    { key: 'kind', header: 'Kind', aliases: ['Line kind', 'Type'], required: false, type: 'enum', values: Object.values(EstablishmentLineKind), description: 'Default POST.' },
    { key: 'employingAgency', header: 'Employing agency', aliases: ['Agency', 'Employer'], required: false, type: 'text', description: "Code of one of the partnership's agencies." },
    { key: 'fte', header: 'FTE', aliases: ['Full time equivalent', 'Posts'], required: false, type: 'number', description: 'Default 0; never negative; 0 for allowances and overtime.' },
    { key: 'budget', header: 'Budget', aliases: ['Baseline budget', 'Cost'], required: false, type: 'pounds', description: 'Inclusive of on-costs and abatement.' },
    { key: 'onCostPercent', header: 'On-cost %', aliases: ['On-costs', 'On cost percent'], required: false, type: 'number', description: '' },
    { key: 'abatementPercent', header: 'Abatement %', aliases: ['Abatement', 'Pay abatement'], required: false, type: 'number', description: '' },
    { key: 'budgetBasis', header: 'Budget basis', required: false, type: 'text', description: '' },
    { key: 'notes', header: 'Notes', aliases: ['Note'], required: false, type: 'text', description: '' },
    source(),
    { key: 'position', header: 'Position', aliases: ['Order', 'Line number'], required: false, type: 'integer', description: 'Order in the table; default: the order of the file.' },
  ],
  async load(db, partnerships) {
    return { years: await financialYears(db), agencies: await codeMap(db, 'agency', 'code', partnerships) };
  },
  check(v, ctx) {
    // Every problem of the row at once: the year, the line's field rules, the agency, the reference.
    const p = ctx.partnership!;
    const checks = new InputChecks();
    const year = checks.check(() => financialYearFrom('row.financialYear', text(v, 'financialYear')!, ctx.lookups.years));
    const f = checks.check(() => establishmentLineFields(
      {
        grade: text(v, 'grade')!, kind: (v.kind as EstablishmentLineKind | null) ?? 'POST', fte: num(v, 'fte') ?? 0, budget: num(v, 'budget'), onCostPercent: num(v, 'onCostPercent'),
        abatementPercent: num(v, 'abatementPercent'), budgetBasis: text(v, 'budgetBasis'), notes: text(v, 'notes'), source: text(v, 'source'), position: num(v, 'position'),
      },
      'row',
    ));
    const agency = text(v, 'employingAgency');
    const agencyId = agency ? ctx.lookups.agencies.get(`${p.id}${sep}${agency}`) : null;
    if (agencyId === undefined) checks.add(badInput('row.employingAgency', `${p.name} has no agency "${agency}".`));
    const reference = checks.check(() => requireText('row.reference', text(v, 'reference')!, 60));
    checks.done();
    return {
      partnership_id: p.id, reference: reference!, year_label: year!.label, position: f!.position ?? ctx.row - 1, grade: f!.grade, kind: f!.kind,
      employing_agency_id: agencyId, fte_hundredths: f!.fteHundredths, budget_pence: f!.budgetPence, on_cost_basis_points: f!.onCostBasisPoints,
      abatement_basis_points: f!.abatementBasisPoints, budget_basis: f!.budgetBasis, notes: f!.notes, source: f!.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({
    table: 'establishment_line', key: ['partnership_id', 'reference'], versioned: true,
    values: ['year_label', 'position', 'grade', 'kind', 'employing_agency_id', 'fte_hundredths', 'budget_pence', 'on_cost_basis_points', 'abatement_basis_points', 'budget_basis', 'notes', 'source'],
  }),
};
