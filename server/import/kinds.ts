/**
 * What can be imported: for each kind, its columns (one table: parsing, validation, --help), the
 * lookups it loads once, the check of one row (the services' own validators), its key within
 * the file, and how a batch is written.
 */
import type { Knex } from 'knex';
import { badInput } from '../errors/domain-error.js';
import { requireText } from '../errors/validate.js';
import { checkDeselection, checkMembershipStart, checkOffence, checkReview, type Spell } from '../cohort/lifecycle.js';
import { plainNominalFields } from '../cohort/cohort.service.js';
import { DeselectionReason, Gender, OffenceOutcome, Pathway, RagStatus, StatutoryStatus } from '../cohort/cohort.entity.js';
import { EstablishmentLineKind } from '../finance/establishment/establishment-line.entity.js';
import { establishmentLineFields } from '../finance/establishment/establishment.service.js';
import { FundingCertainty, Likelihood } from '../funding/funding.entity.js';
import { fundingRiskFields, fundingStreamFields } from '../funding/funding.service.js';
import { financialYearFrom } from '../financial-year/lookup.js';
import type { FinancialYear } from '../financial-year/financial-year.entity.js';
import { publishedReoffendingFields } from '../performance/published/published.service.js';
import { unitCostFields } from '../reference/reference.service.js';
import type { ColumnSpec } from './columns.js';
import type { CellValue } from './cells.js';
import { upsertBatch, type DbRow, type RowStatus, type TableSpec } from './upsert.js';

export interface PartnershipRef {
  id: number;
  code: string;
  name: string;
}

export type Values = Record<string, CellValue>;

export interface RowContext<L> {
  /** The row's partnership (its Partnership cell, else --partnership); null for kinds that belong to none. */
  partnership: PartnershipRef | null;
  lookups: L;
  /** The row number, 1 being the header. */
  row: number;
  fileName: string;
}

export interface ImportKind<L = any, R = any> {
  name: string;
  summary: string;
  /** The record the audit entry names. */
  entity: string;
  /** Rows belong to a partnership (a Partnership column, or --partnership). */
  scoped: boolean;
  columns: ColumnSpec[];
  load(db: Knex, partnerships: readonly PartnershipRef[]): Promise<L>;
  /** The checked record, or a DomainError (BAD_USER_INPUT naming `row.<column key>`). */
  check(values: Values, ctx: RowContext<L>): R;
  /** Two rows of a file with the same key are refused: the key, and the column it is reported on. */
  duplicateKey(record: R, ctx: RowContext<L>, values: Values): { key: string; column: string; value: string };
  /** The tables the kind writes. */
  tables: readonly TableSpec[];
  /** Writes (or, with `write` false, only classifies) a batch; `fresh` names the tables that had no keyed rows when the write began. */
  write(db: Knex, records: R[], write: boolean, fresh: ReadonlySet<string>): Promise<RowStatus[]>;
}

const text = (v: Values, key: string) => (v[key] as string | null) ?? null;
const num = (v: Values, key: string) => (v[key] as number | null) ?? null;
const sep = '\u0000';
const scopedKey = (ctx: RowContext<unknown>, ...parts: unknown[]) => [ctx.partnership?.id ?? '', ...parts].join(sep);

const PARTNERSHIP: ColumnSpec = {
  key: 'partnership', header: 'Partnership', aliases: ['Partnership code'], required: true, type: 'text',
  description: 'Partnership code, e.g. norfolk-suffolk. May be left out when --partnership is given.',
};
const reference = (what: string, aliases: string[]): ColumnSpec => ({
  key: 'reference', header: `${what} reference`, aliases, required: true, type: 'text',
  description: `The partnership's own reference for the ${what.toLowerCase()}, unique in the partnership; a re-import updates the row with the same reference.`,
});
const source = (required = false): ColumnSpec => ({ key: 'source', header: 'Source', required, type: 'text', description: 'Where the figures come from (paper and section).' });

/** A simple kind: one table, one row per record. */
function single<L, R extends DbRow>(spec: TableSpec): Pick<ImportKind<L, R>, 'write' | 'tables'> {
  return { tables: [spec], write: (db, records, write, fresh) => upsertBatch(db, spec, records, write, fresh.has(spec.table)) };
}

async function partnershipRows<T>(db: Knex, table: string, columns: string[], partnerships: readonly PartnershipRef[]): Promise<T[]> {
  return (await db(table).select(columns).whereIn('partnership_id', partnerships.map((p) => p.id))) as T[];
}

async function nominalIds(db: Knex, partnerships: readonly PartnershipRef[]): Promise<Map<string, number>> {
  const rows = await partnershipRows<{ id: number; partnership_id: number; reference: string }>(db, 'nominal', ['id', 'partnership_id', 'reference'], partnerships);
  return new Map(rows.map((n) => [`${n.partnership_id}${sep}${n.reference}`, n.id]));
}

async function spellsByNominal(db: Knex, partnerships: readonly PartnershipRef[]): Promise<Map<number, (Spell & { id: number })[]>> {
  const rows: { id: number; nominal_id: number; start_date: string; end_date: string | null }[] = await db('membership')
    .join('nominal', 'nominal.id', 'membership.nominal_id')
    .whereIn('nominal.partnership_id', partnerships.map((p) => p.id))
    .select('membership.id', 'membership.nominal_id', 'membership.start_date', 'membership.end_date');
  const spells = new Map<number, (Spell & { id: number })[]>();
  for (const row of rows) {
    const list = spells.get(row.nominal_id) ?? [];
    list.push({ id: row.id, startDate: row.start_date, endDate: row.end_date });
    spells.set(row.nominal_id, list);
  }
  return spells;
}

async function financialYears(db: Knex): Promise<Map<string, FinancialYear>> {
  const rows: { label: string; start_date: string; end_date: string }[] = await db('financial_year').select('label', 'start_date', 'end_date');
  return new Map(rows.map((y) => [y.label, { label: y.label, startDate: y.start_date, endDate: y.end_date } as FinancialYear]));
}

async function codeMap(db: Knex, table: string, name: string, partnerships: readonly PartnershipRef[]): Promise<Map<string, number>> {
  const rows = await partnershipRows<Record<string, unknown>>(db, table, ['id', 'partnership_id', name], partnerships);
  return new Map(rows.map((r) => [`${r.partnership_id}${sep}${r[name]}`, r.id as number]));
}

function nominalOf(ctx: RowContext<{ nominals: Map<string, number> }>, ref: string): number {
  const id = ctx.lookups.nominals.get(`${ctx.partnership!.id}${sep}${ref}`);
  if (id === undefined) throw badInput('row.nominal', `${ctx.partnership!.name} has no nominal "${ref}" (import the nominals first).`);
  return id;
}

const NOMINAL_REF: ColumnSpec = { key: 'nominal', header: 'Nominal reference', aliases: ['Nominal', 'Nominal ref', 'Nominal ID', 'IOM reference'], required: true, type: 'text', description: 'The pseudonymous reference of a nominal already in the hub.' };

// ---------------------------------------------------------------------------------------------

interface NominalLookups { hubs: Map<string, number>; nominals: Map<string, number>; spells: Map<number, (Spell & { id: number })[]> }
interface NominalRecord { nominal: DbRow; membership: DbRow | null }

const NOMINAL_TABLE: TableSpec = {
  table: 'nominal', key: ['partnership_id', 'reference'], versioned: true,
  values: ['gender', 'age_band', 'ethnicity', 'local_authority', 'hub_id', 'statutory_status', 'needs', 'domestic_abuse_perpetrator', 'registered_sex_offender'],
};
const MEMBERSHIP_TABLE: TableSpec = { table: 'membership', key: ['nominal_id', 'start_date'], versioned: true, values: ['end_date', 'deselection_reason', 'deselection_note'] };

const nominals: ImportKind<NominalLookups, NominalRecord> = {
  name: 'nominals',
  summary: 'Nominals (pseudonymous references and profile), each with its current membership.',
  entity: 'Nominal',
  scoped: true,
  columns: [
    PARTNERSHIP,
    { key: 'reference', header: 'Reference', aliases: ['Nominal reference', 'Nominal', 'Nominal ID', 'IOM reference'], required: true, type: 'text', description: 'Pseudonymous reference, unique in the partnership, e.g. THU-0001.' },
    { key: 'gender', header: 'Gender', aliases: ['Sex'], required: true, type: 'enum', values: Object.values(Gender), description: '' },
    { key: 'ageBand', header: 'Age band', aliases: ['Age group'], required: true, type: 'text', description: 'e.g. 18-24.' },
    { key: 'ethnicity', header: 'Ethnicity', required: true, type: 'text', description: 'As recorded, e.g. White.' },
    { key: 'localAuthority', header: 'Local authority', aliases: ['LA'], required: false, type: 'text', description: '' },
    { key: 'hub', header: 'Hub', aliases: ['Area', 'Office'], required: false, type: 'text', description: "Name of one of the partnership's hubs." },
    { key: 'statutoryStatus', header: 'Statutory status', aliases: ['Status', 'Supervision'], required: true, type: 'enum', values: Object.values(StatutoryStatus), description: '' },
    { key: 'needs', header: 'Needs', aliases: ['Pathways'], required: false, type: 'list', values: Object.values(Pathway), description: 'Separated by ; or ,.' },
    { key: 'domesticAbusePerpetrator', header: 'Domestic abuse perpetrator', aliases: ['DA perpetrator'], required: false, type: 'boolean', description: 'Default no.' },
    { key: 'registeredSexOffender', header: 'Registered sex offender', aliases: ['RSO'], required: false, type: 'boolean', description: 'Default no.' },
    { key: 'agreementSignedDate', header: 'Start date', aliases: ['Agreement signed date', 'Membership start', 'Date joined'], required: false, type: 'date', description: 'First day on the scheme; blank for a nominal not (yet) on it.' },
    { key: 'endDate', header: 'End date', aliases: ['De-selection date', 'Date left'], required: false, type: 'date', description: 'First day off the scheme.' },
    { key: 'reason', header: 'De-selection reason', aliases: ['Deselection reason', 'Reason for leaving'], required: false, type: 'enum', values: Object.values(DeselectionReason), description: 'Required with an end date.' },
    { key: 'note', header: 'De-selection note', aliases: ['Deselection note'], required: false, type: 'text', description: 'Required when the reason is OTHER.' },
  ],
  async load(db, partnerships) {
    return { hubs: await codeMap(db, 'hub', 'name', partnerships), nominals: await nominalIds(db, partnerships), spells: await spellsByNominal(db, partnerships) };
  },
  check(v, ctx) {
    const p = ctx.partnership!;
    const reference = requireText('row.reference', text(v, 'reference') ?? '', 60);
    const fields = plainNominalFields(
      {
        reference, gender: v.gender as Gender, ageBand: text(v, 'ageBand') ?? '', ethnicity: text(v, 'ethnicity') ?? '', localAuthority: text(v, 'localAuthority'),
        statutoryStatus: v.statutoryStatus as StatutoryStatus, needs: v.needs as Pathway[], domesticAbusePerpetrator: v.domesticAbusePerpetrator as boolean | null,
        registeredSexOffender: v.registeredSexOffender as boolean | null,
      },
      'row',
    );
    let hubId: number | null = null;
    const hub = text(v, 'hub');
    if (hub) {
      hubId = ctx.lookups.hubs.get(`${p.id}${sep}${hub}`) ?? null;
      if (hubId === null) throw badInput('row.hub', `${p.name} has no hub "${hub}".`);
    }
    const nominal: DbRow = {
      partnership_id: p.id, reference, gender: fields.gender, age_band: fields.ageBand, ethnicity: fields.ethnicity, local_authority: fields.localAuthority, hub_id: hubId,
      statutory_status: fields.statutoryStatus, needs: JSON.stringify(fields.needs), domestic_abuse_perpetrator: fields.domesticAbusePerpetrator, registered_sex_offender: fields.registeredSexOffender,
    };
    const start = text(v, 'agreementSignedDate');
    if (!start) {
      if (text(v, 'endDate') || v.reason) throw badInput('row.agreementSignedDate', 'an end date or de-selection reason needs the start date of the membership.');
      return { nominal, membership: null };
    }
    const id = ctx.lookups.nominals.get(`${p.id}${sep}${reference}`);
    const earlier = (id === undefined ? [] : ctx.lookups.spells.get(id) ?? []).filter((spell) => spell.startDate !== start);
    const startDate = checkMembershipStart('row', reference, start, null, earlier);
    const membership: DbRow = { start_date: startDate, end_date: null, deselection_reason: null, deselection_note: null };
    if (text(v, 'endDate') || v.reason) {
      const ending = checkDeselection('row', { startDate }, null, { endDate: text(v, 'endDate') ?? '', reason: v.reason as DeselectionReason | null, note: text(v, 'note') });
      Object.assign(membership, { end_date: ending.endDate, deselection_reason: ending.deselectionReason, deselection_note: ending.deselectionNote });
    }
    return { nominal, membership };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.nominal.reference), column: 'reference', value: String(r.nominal.reference) }),
  tables: [NOMINAL_TABLE, MEMBERSHIP_TABLE],
  async write(db, records, write, fresh) {
    const statuses = await upsertBatch(db, NOMINAL_TABLE, records.map((r) => r.nominal), write, fresh.has(NOMINAL_TABLE.table));
    const withSpell = records.map((r, i) => [r, i] as const).filter(([r]) => r.membership);
    if (!withSpell.length) return statuses;
    const ids = new Map<string, number>();
    const rows: { id: number; partnership_id: number; reference: string }[] = await db('nominal')
      .select('id', 'partnership_id', 'reference')
      .whereIn('partnership_id', [...new Set(withSpell.map(([r]) => r.nominal.partnership_id as number))])
      .whereIn('reference', withSpell.map(([r]) => r.nominal.reference as string));
    for (const row of rows) ids.set(`${row.partnership_id}${sep}${row.reference}`, row.id);
    const spells: DbRow[] = [];
    const positions: number[] = [];
    for (const [r, i] of withSpell) {
      const id = ids.get(`${r.nominal.partnership_id}${sep}${r.nominal.reference}`);
      if (id === undefined) continue; // a new nominal in a dry run: its membership is new with it
      spells.push({ nominal_id: id, ...r.membership });
      positions.push(i);
    }
    const spellStatuses = await upsertBatch(db, MEMBERSHIP_TABLE, spells, write, fresh.has(MEMBERSHIP_TABLE.table));
    spellStatuses.forEach((status, j) => {
      if (status !== 'unchanged' && statuses[positions[j]] === 'unchanged') statuses[positions[j]] = 'updated';
    });
    return statuses;
  },
};

// ---------------------------------------------------------------------------------------------

interface ReviewLookups { nominals: Map<string, number>; spells: Map<number, (Spell & { id: number })[]> }

const statusReviews: ImportKind<ReviewLookups, DbRow> = {
  name: 'status-reviews',
  summary: 'RAG status reviews of members, each filed under the membership that covers its date.',
  entity: 'StatusReview',
  scoped: true,
  columns: [
    PARTNERSHIP,
    NOMINAL_REF,
    reference('Review', ['Review ref', 'Review ID']),
    { key: 'reviewDate', header: 'Review date', aliases: ['Date of review', 'Date'], required: true, type: 'date', description: 'Within one of the nominal\'s memberships.' },
    { key: 'status', header: 'Status', aliases: ['RAG', 'RAG status'], required: true, type: 'enum', values: Object.values(RagStatus), description: '' },
    { key: 'note', header: 'Note', aliases: ['Notes', 'Comment'], required: false, type: 'text', description: '' },
  ],
  async load(db, partnerships) {
    return { nominals: await nominalIds(db, partnerships), spells: await spellsByNominal(db, partnerships) };
  },
  check(v, ctx) {
    const nominalRef = text(v, 'nominal')!;
    const nominalId = nominalOf(ctx, nominalRef);
    const date = text(v, 'reviewDate')!;
    const spells = ctx.lookups.spells.get(nominalId) ?? [];
    const spell = spells.find((s) => s.startDate <= date && (!s.endDate || date <= s.endDate)) ?? spells.find((s) => s.startDate <= date) ?? spells[0];
    if (!spell) throw badInput('row.nominal', `${nominalRef} has no membership to file the review under.`);
    const review = checkReview('row', spell, { reviewDate: date, status: v.status as RagStatus, note: text(v, 'note') });
    return { membership_id: spell.id, reference: requireText('row.reference', text(v, 'reference')!, 60), review_date: review.reviewDate, status: review.status, note: review.note };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({ table: 'status_review', key: ['membership_id', 'reference'], versioned: true, values: ['review_date', 'status', 'note'] }),
};

// ---------------------------------------------------------------------------------------------

interface OffenceLookups { nominals: Map<string, number>; categories: Map<string, number> }

const offences: ImportKind<OffenceLookups, DbRow> = {
  name: 'offences',
  summary: 'Proven offences of nominals: CrimSec3 code, offence date, outcome and its date.',
  entity: 'Offence',
  scoped: true,
  columns: [
    PARTNERSHIP,
    NOMINAL_REF,
    reference('Offence', ['Offence ref', 'Offence ID', 'Crime reference', 'Crime number']),
    { key: 'crimSec3Code', header: 'CrimSec3 code', aliases: ['CrimSec3', 'Home Office code', 'Offence code', 'HO code'], required: true, type: 'text', description: 'A code of the hub\'s CrimSec3 table, e.g. 28A.' },
    { key: 'offenceDate', header: 'Offence date', aliases: ['Date of offence', 'Committed on'], required: true, type: 'date', description: '' },
    { key: 'outcome', header: 'Outcome', aliases: ['Disposal', 'Disposal type'], required: true, type: 'enum', values: Object.values(OffenceOutcome), description: '' },
    { key: 'outcomeDate', header: 'Outcome date', aliases: ['Date of outcome', 'Disposal date', 'Conviction date'], required: true, type: 'date', description: 'On or after the offence date.' },
  ],
  async load(db, partnerships) {
    const categories: { id: number; code: string }[] = await db('crime_category').select('id', 'code');
    return { nominals: await nominalIds(db, partnerships), categories: new Map(categories.map((c) => [c.code, c.id])) };
  },
  check(v, ctx) {
    const nominalId = nominalOf(ctx, text(v, 'nominal')!);
    const offence = checkOffence('row', ctx.lookups.categories, {
      crimSec3Code: text(v, 'crimSec3Code')!, offenceDate: text(v, 'offenceDate')!, outcome: v.outcome as OffenceOutcome, outcomeDate: text(v, 'outcomeDate')!,
    });
    const reference = text(v, 'reference')!;
    if (reference.length > 60) requireText('row.reference', reference, 60);
    return { nominal_id: nominalId, reference, category_id: offence.category, offence_date: offence.offenceDate, outcome: offence.outcome, outcome_date: offence.outcomeDate };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({ table: 'offence', key: ['nominal_id', 'reference'], versioned: true, values: ['category_id', 'offence_date', 'outcome', 'outcome_date'] }),
};

// ---------------------------------------------------------------------------------------------

interface FinanceLookups { years: Map<string, FinancialYear>; agencies: Map<string, number> }
const YEAR: ColumnSpec = { key: 'financialYear', header: 'Financial year', aliases: ['Year', 'FY'], required: true, type: 'year', description: 'e.g. 2014/15; the year must be open in the hub.' };

const establishmentLines: ImportKind<FinanceLookups, DbRow> = {
  name: 'establishment-lines',
  summary: 'Lines of the staffing establishment: rank or scale, FTE and baseline budget, per financial year.',
  entity: 'EstablishmentLine',
  scoped: true,
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
    const p = ctx.partnership!;
    const year = financialYearFrom('row.financialYear', text(v, 'financialYear')!, ctx.lookups.years);
    const f = establishmentLineFields(
      {
        grade: text(v, 'grade')!, kind: (v.kind as EstablishmentLineKind | null) ?? 'POST', fte: num(v, 'fte') ?? 0, budget: num(v, 'budget'), onCostPercent: num(v, 'onCostPercent'),
        abatementPercent: num(v, 'abatementPercent'), budgetBasis: text(v, 'budgetBasis'), notes: text(v, 'notes'), source: text(v, 'source'), position: num(v, 'position'),
      },
      'row',
    );
    const agency = text(v, 'employingAgency');
    const agencyId = agency ? ctx.lookups.agencies.get(`${p.id}${sep}${agency}`) : null;
    if (agencyId === undefined) throw badInput('row.employingAgency', `${p.name} has no agency "${agency}".`);
    return {
      partnership_id: p.id, reference: requireText('row.reference', text(v, 'reference')!, 60), year_label: year.label, position: f.position ?? ctx.row - 1, grade: f.grade, kind: f.kind,
      employing_agency_id: agencyId, fte_hundredths: f.fteHundredths, budget_pence: f.budgetPence, on_cost_basis_points: f.onCostBasisPoints,
      abatement_basis_points: f.abatementBasisPoints, budget_basis: f.budgetBasis, notes: f.notes, source: f.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({
    table: 'establishment_line', key: ['partnership_id', 'reference'], versioned: true,
    values: ['year_label', 'position', 'grade', 'kind', 'employing_agency_id', 'fte_hundredths', 'budget_pence', 'on_cost_basis_points', 'abatement_basis_points', 'budget_basis', 'notes', 'source'],
  }),
};

const fundingStreams: ImportKind<FinanceLookups, DbRow> = {
  name: 'funding-streams',
  summary: 'Funding streams: funder, purpose, amounts per year, years covered, certainty.',
  entity: 'FundingStream',
  scoped: true,
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

const fundingRisks: ImportKind<FinanceLookups, DbRow> = {
  name: 'funding-risks',
  summary: 'The funding-risk register: risk, exposure, certainty, likelihood, owner, mitigation, per year.',
  entity: 'FundingRisk',
  scoped: true,
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
    const year = financialYearFrom('row.financialYear', text(v, 'financialYear')!, ctx.lookups.years);
    const f = fundingRiskFields(
      {
        title: text(v, 'title')!, description: text(v, 'description'), exposure: num(v, 'exposure'), certainty: v.certainty as FundingCertainty,
        likelihood: v.likelihood as Likelihood | null, owner: text(v, 'owner'), mitigation: text(v, 'mitigation'), source: text(v, 'source'),
      },
      'row',
    );
    return {
      partnership_id: ctx.partnership!.id, reference: requireText('row.reference', text(v, 'reference')!, 60), year_label: year.label, title: f.title, description: f.description,
      exposure_pence: f.exposurePence, certainty: f.certainty, likelihood: f.likelihood, owner: f.owner, mitigation: f.mitigation, source: f.source,
    };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({
    table: 'funding_risk', key: ['partnership_id', 'reference'], versioned: true,
    values: ['year_label', 'title', 'description', 'exposure_pence', 'certainty', 'likelihood', 'owner', 'mitigation', 'source'],
  }),
};

// ---------------------------------------------------------------------------------------------

const reoffending: ImportKind<null, DbRow> = {
  name: 'reoffending',
  summary: 'A published proven-reoffending table: actual vs predicted rates by local authority (the MoJ table of the West Midlands paper).',
  entity: 'PublishedReoffending',
  scoped: true,
  columns: [
    PARTNERSHIP,
    { key: 'reference', header: 'Reference', required: false, type: 'text', description: 'The row\'s key for re-imports; default: force and local authority.' },
    { key: 'force', header: 'Force', aliases: ['Police force', 'Force area'], required: true, type: 'text', description: '' },
    { key: 'localAuthority', header: 'Local authority', aliases: ['LA', 'Local authority area', 'Area'], required: false, type: 'text', description: 'Blank where the table leaves it blank.' },
    { key: 'cohortSize', header: 'Cohort size', aliases: ['Cohort', 'Number of offenders', 'Offenders'], required: true, type: 'integer', description: '' },
    { key: 'actualRate', header: 'Actual rate', aliases: ['Actual', 'Actual reoffending rate', 'Actual proven reoffending rate'], required: true, type: 'number', description: 'Percent, as published (5.38 means 5.38%).' },
    { key: 'predictedRate', header: 'Predicted rate', aliases: ['Predicted', 'Predicted reoffending rate'], required: true, type: 'number', description: 'Percent.' },
    { key: 'differencePercent', header: 'Difference %', aliases: ['Difference', '% difference', 'Percentage difference'], required: true, type: 'number', description: '(actual − predicted) / predicted, in percent; may be negative.' },
    { key: 'rankByDifference', header: 'Rank by difference', aliases: ['Difference rank'], required: false, type: 'integer', description: 'As published.' },
    { key: 'rankByActual', header: 'Rank by actual', aliases: ['Actual rank', 'Rank'], required: false, type: 'integer', description: 'As published.' },
    { key: 'note', header: 'Note', aliases: ['Notes'], required: false, type: 'text', description: '' },
    { ...source(), description: 'Where the table comes from; default: the file name.' },
  ],
  load: async () => null,
  check(v, ctx) {
    const f = publishedReoffendingFields(
      {
        force: text(v, 'force')!, localAuthority: text(v, 'localAuthority'), cohortSize: num(v, 'cohortSize')!, actualRate: num(v, 'actualRate')!, predictedRate: num(v, 'predictedRate')!,
        differencePercent: num(v, 'differencePercent')!, rankByDifference: num(v, 'rankByDifference'), rankByActual: num(v, 'rankByActual'), note: text(v, 'note'),
        source: text(v, 'source') ?? `Imported from ${ctx.fileName}`, reference: text(v, 'reference'),
      },
      'row',
    );
    return {
      partnership_id: ctx.partnership!.id, reference: f.reference, force: f.force, local_authority: f.localAuthority, cohort_size: f.cohortSize, actual_rate_hundredths: f.actualRateHundredths,
      predicted_rate_hundredths: f.predictedRateHundredths, difference_percent_hundredths: f.differencePercentHundredths, published_rank_by_difference: f.publishedRankByDifference,
      published_rank_by_actual: f.publishedRankByActual, note: f.note, source: f.source,
    };
  },
  duplicateKey: (r, ctx, v) => ({ key: scopedKey(ctx, r.reference), column: v.reference ? 'reference' : 'localAuthority', value: v.reference ? String(r.reference) : `${r.force}, ${r.local_authority ?? '(blank)'}` }),
  ...single({
    table: 'published_reoffending', key: ['partnership_id', 'reference'], versioned: false,
    values: ['force', 'local_authority', 'cohort_size', 'actual_rate_hundredths', 'predicted_rate_hundredths', 'difference_percent_hundredths', 'published_rank_by_difference', 'published_rank_by_actual', 'note', 'source'],
  }),
};

const unitCosts: ImportKind<Set<string>, DbRow> = {
  name: 'unit-costs',
  summary: 'A unit-cost-of-crime table: the cost of one offence of each CrimSec3 banding, under a named table version.',
  entity: 'UnitCostOfCrime',
  scoped: false,
  columns: [
    { key: 'tableVersion', header: 'Table version', aliases: ['Version', 'Table'], required: true, type: 'text', description: 'Names the table, e.g. home-office-2011; measures name the table they used.' },
    { key: 'banding', header: 'Banding', aliases: ['Crime banding', 'Offence group', 'Crime type'], required: true, type: 'text', description: 'A banding of the CrimSec3 table.' },
    { key: 'cost', header: 'Cost', aliases: ['Unit cost', 'Cost per offence'], required: true, type: 'pounds', description: 'Cost of one offence.' },
    { ...source(), description: 'Where the costs come from; default: the file name.' },
  ],
  async load(db) {
    return new Set(((await db('crime_category').distinct('banding')) as { banding: string }[]).map((c) => c.banding));
  },
  check(v, ctx) {
    const f = unitCostFields(
      { tableVersion: text(v, 'tableVersion')!, banding: text(v, 'banding')!, cost: num(v, 'cost')!, source: text(v, 'source') ?? `Imported from ${ctx.fileName}` },
      'row',
      (banding) => ctx.lookups.has(banding),
    );
    return { table_version: f.tableVersion, banding: f.banding, cost_pence: f.costPence, source: f.source };
  },
  duplicateKey: (r) => ({ key: `${r.table_version}${sep}${r.banding}`, column: 'banding', value: `${r.table_version} ${r.banding}` }),
  ...single({ table: 'unit_cost_of_crime', key: ['table_version', 'banding'], versioned: false, values: ['cost_pence', 'source'] }),
};

/** Every kind, in the order `iom-hub import --help` lists them. */
export const IMPORT_KINDS: readonly ImportKind[] = [nominals, statusReviews, offences, establishmentLines, fundingStreams, fundingRisks, reoffending, unitCosts];

export function importKind(name: string): ImportKind | undefined {
  const wanted = name.toLowerCase().replace(/[^a-z]/g, '');
  return IMPORT_KINDS.find((kind) => kind.name.replace(/-/g, '') === wanted || kind.name.replace(/-/g, '') === wanted.replace(/s$/, '') + 's');
}
