import { requireText } from '../../errors/validate.js';
import { FundingCertainty } from '../../funding/funding.entity.js';
import { fundingStreamFields } from '../../funding/funding.service.js';
import { financialYearFrom } from '../../financial-year/lookup.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, scopedKey, PARTNERSHIP, reference, source, single, FINANCE_IMPORTERS } from './import-kind.js';
import { financialYears, type FinanceLookups } from './lookups.js';

export const fundingStreamsKind: ImportKind<FinanceLookups, DbRow> = {
  name: 'funding-streams',
  summary: 'Funding streams: funder, purpose, amounts per year, years covered, certainty.',
  entity: 'FundingStream',
  scoped: true,
  roles: FINANCE_IMPORTERS,
  columns: [
    PARTNERSHIP,
    reference('Stream', ['Funding reference', 'Stream ref', 'Grant reference']),
    { key: 'funder', header: 'Funder', aliases: ['Funding body', 'Source of funding'], required: true, type: 'text', description: '' },
    { key: 'purpose', header: 'Purpose', aliases: ['Description', 'For'], required: true, type: 'text', description: '' },
    { key: 'amountAgreed', header: 'Amount agreed', aliases: ['Agreed'], required: false, type: 'pounds', description: 'Per year.' },
    { key: 'amountExpected', header: 'Amount expected', aliases: ['Expected'], required: false, type: 'pounds', description: 'Per year; what the funding position counts.' },
    { key: 'fromFinancialYear', header: 'From year', aliases: ['Financial year', 'First year', 'Year'], required: true, type: 'year', description: 'First financial year covered, e.g. 2014/15.' },
    { key: 'toFinancialYear', header: 'To year', aliases: ['Last year', 'Until year'], required: false, type: 'year', description: 'Last financial year covered; default the first.' },
    { key: 'endDate', header: 'End date', aliases: ['Ends'], required: false, type: 'date', description: '' },
    { key: 'certainty', header: 'Certainty', aliases: ['Status', 'Confidence'], required: true, type: 'enum', values: Object.values(FundingCertainty), description: '' },
    { key: 'notes', header: 'Notes', aliases: ['Note'], required: false, type: 'text', description: '' },
    source(),
  ],
  async load(db) {
    return { years: await financialYears(db), agencies: new Map() };
  },
  check(v, ctx) {
    const from = financialYearFrom('row.fromFinancialYear', text(v, 'fromFinancialYear')!, ctx.lookups.years);
    const to = text(v, 'toFinancialYear') ? financialYearFrom('row.toFinancialYear', text(v, 'toFinancialYear')!, ctx.lookups.years) : from;
    const f = fundingStreamFields(
      {
        funder: text(v, 'funder')!, purpose: text(v, 'purpose')!, amountAgreed: num(v, 'amountAgreed'), amountExpected: num(v, 'amountExpected'), fromFinancialYear: from.label,
        toFinancialYear: to.label, endDate: text(v, 'endDate'), certainty: v.certainty as FundingCertainty, notes: text(v, 'notes'), source: text(v, 'source'),
      },
      'row', from, to,
    );
    return {
      partnership_id: ctx.partnership!.id, reference: requireText('row.reference', text(v, 'reference')!, 60), funder: f.funder, purpose: f.purpose, amount_agreed_pence: f.amountAgreedPence,
      amount_expected_pence: f.amountExpectedPence, from_year_label: from.label, to_year_label: to.label, end_date: f.endDate, certainty: f.certainty, notes: f.notes, source: f.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({
    table: 'funding_stream', key: ['partnership_id', 'reference'], versioned: true,
    values: ['funder', 'purpose', 'amount_agreed_pence', 'amount_expected_pence', 'from_year_label', 'to_year_label', 'end_date', 'certainty', 'notes', 'source'],
  }),
};
