import { requireText } from '../../errors/validate.js';
import { InputChecks } from '../../errors/problems.js';
import { FundingCertainty, Likelihood } from '../../funding/funding.entity.js';
import { fundingRiskFields } from '../../funding/funding.service.js';
import { financialYearFrom } from '../../financial-year/lookup.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, scopedKey, PARTNERSHIP, reference, source, YEAR, single, FINANCE_IMPORTERS } from './import-kind.js';
import { financialYears, type FinanceLookups } from './lookups.js';

export const fundingRisksKind: ImportKind<FinanceLookups, DbRow> = {
  name: 'funding-risks',
  summary: 'The funding-risk register: risk, exposure, certainty, likelihood, owner, mitigation, per year.',
  entity: 'FundingRisk',
  scoped: true,
  roles: FINANCE_IMPORTERS,
  columns: [
    PARTNERSHIP,
    reference('Risk', ['Risk ref', 'Risk ID']),
    YEAR,
    { key: 'title', header: 'Title', aliases: ['Risk'], required: true, type: 'text', description: '' },
    { key: 'description', header: 'Description', required: false, type: 'text', description: '' },
    { key: 'exposure', header: 'Exposure', aliases: ['Amount at risk', 'Value'], required: false, type: 'pounds', description: 'Money exposed, where known.' },
    { key: 'certainty', header: 'Certainty', required: true, type: 'enum', values: Object.values(FundingCertainty), description: 'Certainty of the funding the risk concerns.' },
    { key: 'likelihood', header: 'Likelihood', aliases: ['Probability'], required: false, type: 'enum', values: Object.values(Likelihood), description: '' },
    { key: 'owner', header: 'Owner', aliases: ['Risk owner'], required: false, type: 'text', description: '' },
    { key: 'mitigation', header: 'Mitigation', aliases: ['Action'], required: false, type: 'text', description: '' },
    source(),
  ],
  async load(db) {
    return { years: await financialYears(db), agencies: new Map() };
  },
  check(v, ctx) {
    // Every problem of the row at once: the year, the risk's field rules, the reference.
    const checks = new InputChecks();
    const year = checks.check(() => financialYearFrom('row.financialYear', text(v, 'financialYear')!, ctx.lookups.years));
    const f = checks.check(() => fundingRiskFields(
      {
        title: text(v, 'title')!, description: text(v, 'description'), exposure: num(v, 'exposure'), certainty: v.certainty as FundingCertainty,
        likelihood: v.likelihood as Likelihood | null, owner: text(v, 'owner'), mitigation: text(v, 'mitigation'), source: text(v, 'source'),
      },
      'row',
    ));
    const reference = checks.check(() => requireText('row.reference', text(v, 'reference')!, 60));
    checks.done();
    return {
      partnership_id: ctx.partnership!.id, reference: reference!, year_label: year!.label, title: f!.title, description: f!.description,
      exposure_pence: f!.exposurePence, certainty: f!.certainty, likelihood: f!.likelihood, owner: f!.owner, mitigation: f!.mitigation, source: f!.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({
    table: 'funding_risk', key: ['partnership_id', 'reference'], versioned: true,
    values: ['year_label', 'title', 'description', 'exposure_pence', 'certainty', 'likelihood', 'owner', 'mitigation', 'source'],
  }),
};
