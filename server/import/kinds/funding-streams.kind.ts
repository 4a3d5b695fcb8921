import { requireText } from '../../errors/validate.js';
import { InputChecks } from '../../errors/problems.js';
import { FundingCertainty } from '../../funding/funding.entity.js';
import { FUNDING_STREAM, fundingStreamFields } from '../../funding/funding.service.js';
import { storedValues } from '../../db/fields.js';
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
    // Every problem of the row at once: the years, the stream's field rules, the reference.
    const checks = new InputChecks();
    const from = checks.check(() => financialYearFrom('row.fromFinancialYear', text(v, 'fromFinancialYear')!, ctx.lookups.years));
    const to = text(v, 'toFinancialYear') ? checks.check(() => financialYearFrom('row.toFinancialYear', text(v, 'toFinancialYear')!, ctx.lookups.years)) : from;
    const reference = checks.check(() => requireText('row.reference', text(v, 'reference')!, 60));
    const input = {
      funder: text(v, 'funder')!, purpose: text(v, 'purpose')!, amountAgreed: num(v, 'amountAgreed'), amountExpected: num(v, 'amountExpected'), fromFinancialYear: from?.label ?? '',
      toFinancialYear: to?.label ?? '', endDate: text(v, 'endDate'), certainty: v.certainty as FundingCertainty, notes: text(v, 'notes'), source: text(v, 'source'),
    };
    // The year range is checked once both years are known; the other fields whatever the years.
    const { fromFinancialYear: _from, toFinancialYear: _to, ...rules } = FUNDING_STREAM.fields;
    const f = from && to ? checks.check(() => fundingStreamFields(input, 'row', from, to)) : (checks.check(() => storedValues(rules, input, 'row')), undefined);
    checks.done();
    return {
      partnership_id: ctx.partnership!.id, reference: reference!, funder: f!.funder, purpose: f!.purpose, amount_agreed_pence: f!.amountAgreedPence,
      amount_expected_pence: f!.amountExpectedPence, from_year_label: from!.label, to_year_label: to!.label, end_date: f!.endDate, certainty: f!.certainty, notes: f!.notes, source: f!.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({
    table: 'funding_stream', key: ['partnership_id', 'reference'], versioned: true,
    values: ['funder', 'purpose', 'amount_agreed_pence', 'amount_expected_pence', 'from_year_label', 'to_year_label', 'end_date', 'certainty', 'notes', 'source'],
  }),
};
