import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { addVersioned, removeVersioned, updateVersioned, type RecordKind } from '../db/write.js';
import type { YearSheet } from '../finance/sheet/year-sheet.js';
import { dateField, poundsField, storedValues, textField, valueField, type FieldRule } from '../db/fields.js';
import { requireFinancialYear } from '../financial-year/lookup.js';
import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { columnsOf, fieldsOfParts, plainParts, readsLean } from '../db/entity-rows.js';
import { fieldsOfYear, lookUpWith, requirePartnership, requirePartnershipYear, type JoinedRead, type RowsOfYear } from '../partnership/lookup.js';
import type { Partnership } from '../partnership/partnership.entity.js';
import { linesWithAgencies, readEstablishment, type LinesWithAgencies } from '../finance/establishment/establishment.service.js';
import { establishmentTotals, nonPayPenceOf } from '../finance/establishment/establishment.js';
import { NonPayLine, type EstablishmentLine } from '../finance/establishment/establishment-line.entity.js';
import { costShareOf, leanAgreementOf, viewOf, type CostShareView, type LeanAgreement } from '../finance/cost-share/cost-share.service.js';
import { FundingRisk, FundingStream } from './funding.entity.js';
import { fundingParts, fundingPosition, positionInputOf, type FundingItems, type FundingPart, type FundingPosition } from './funding-position.js';
import type { FundingRiskInput, FundingStreamInput } from './funding.input.js';
import type { StaffingRatio } from '../partnership/staffing/staffing.entity.js';
import { leanStaffingRatios } from '../partnership/staffing/staffing.service.js';

/** Streams that cover the year (labels sort in year order). */
export function streamsCovering(em: EntityManager, partnership: Partnership, year: FinancialYear): Promise<FundingStream[]> {
  return em.find(FundingStream, { partnership, fromYear: { label: { $lte: year.label } }, toYear: { label: { $gte: year.label } } }, { orderBy: { id: 'asc' }, populate: ['fromYear', 'toYear'] });
}

/** The look-up's join of the streams covering its year (`s`), `only` in its condition (JoinedRead.joins). */
const streamsCoveringYear = (only: string) => `LEFT JOIN funding_stream s ON ${only} AND s.partnership_id = p.id AND s.from_year_label <= :label AND s.to_year_label >= :label`;

/** The same on the lean read path, with their years, in the report's look-up statement (lookUpWith). */
function leanStreamsOfYear(em: EntityManager): JoinedRead<FundingStream[]> {
  const columns = { s: columnsOf(em, 'FundingStream'), f: columnsOf(em, 'FinancialYear'), t: columnsOf(em, 'FinancialYear') };
  return {
    tables: { s: 'FundingStream', f: 'FinancialYear', t: 'FinancialYear' },
    joins: (only) => `${streamsCoveringYear(only)} LEFT JOIN financial_year f ON f.label = s.from_year_label LEFT JOIN financial_year t ON t.label = s.to_year_label`,
    orderBy: ['s.id'],
    take(rows) {
      // The years first: each stream's first and last year is then the year read.
      plainParts(em, FinancialYear, rows, 'f', columns.f);
      plainParts(em, FinancialYear, rows, 't', columns.t);
      return plainParts(em, FundingStream, rows, 's', columns.s);
    },
  };
}

export async function loadFundingStreams(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<FundingStream[]> {
  if (readsLean(em)) return (await lookUpWith<[FundingStream[]]>(em, partnershipCode, yearLabel, [leanStreamsOfYear(em)]))[1];
  const { partnership, year } = await requirePartnershipYear(em, partnershipCode, yearLabel);
  return streamsCovering(em, partnership, year);
}

export async function loadFundingRisks(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<FundingRisk[]> {
  // On the lean read path one statement: the risks with the partnership-and-year look-up.
  if (readsLean(em)) return (await lookUpWith<[], FundingRisk>(em, partnershipCode, yearLabel, [], RISKS))[0].rows;
  const { partnership, year } = await requirePartnershipYear(em, partnershipCode, yearLabel);
  return em.find(FundingRisk, { partnership, year }, { orderBy: { id: 'asc' } });
}

const RISKS: RowsOfYear<FundingRisk> = { entity: FundingRisk, table: 'funding_risk', orderBy: ['id'], alias: 'r' };


export interface FundingPositionView {
  partnership: Partnership;
  year: FinancialYear;
  position: FundingPosition;
  establishmentPence: number;
  nonPayPence: number;
  /** The year's cost share the contributions come from (null: none drafted). */
  costShare: CostShareView | null;
  /** Which records make up each figure. */
  parts: FundingPart[];
  /** The partnership's recorded staffing standards, when asked for on the lean read path (read with the rest). */
  staffingRatios?: StaffingRatio[];
}

/** The fields of a year's records that the funding position is worked out of (it shows none of the records). */
type NonPayFigures = Pick<NonPayLine, 'id' | 'description' | 'amountPence'>;
type StreamFigures = Pick<FundingStream, 'id' | 'funder' | 'purpose' | 'certainty' | 'amountExpectedPence' | 'amountAgreedPence'>;
type RiskFigures = Pick<FundingRisk, 'id' | 'title' | 'exposurePence'>;

/** On the lean read path, those fields alone, in the look-up's statement: about a quarter of the columns of those records' whole rows (and the streams' years). */
const NON_PAY_FIGURES = { entity: NonPayLine, table: 'non_pay_line', orderBy: ['id'], alias: 'n', columns: ['id', 'description', 'amount_pence'] };
const STREAM_FIGURES = ['id', 'funder', 'purpose', 'certainty', 'amount_expected_pence', 'amount_agreed_pence'];
const RISK_FIGURES = { ...RISKS, alias: 'r', columns: ['id', 'title', 'exposure_pence'] };

/** The streams covering the year (as leanStreamsOfYear reads them), their figures' fields alone. */
function streamFiguresOfYear(em: EntityManager): JoinedRead<StreamFigures[]> {
  return {
    tables: { s: { entity: 'FundingStream', columns: STREAM_FIGURES } },
    joins: streamsCoveringYear,
    orderBy: ['s.id'],
    take: (rows) => fieldsOfParts<FundingStream, keyof StreamFigures>(em, FundingStream, rows, 's', STREAM_FIGURES),
  };
}

/** Planned cost against funding by certainty, risk exposure and the gap, for a partnership and year; each figure with its parts. */
export async function loadFundingPosition(em: EntityManager, partnershipCode: string, yearLabel: string, { staffingRatios = false } = {}): Promise<FundingPositionView> {
  let partnership: Partnership, year: FinancialYear, lines: readonly EstablishmentLine[], nonPay: readonly NonPayFigures[];
  let costShare: CostShareView | null, streams: readonly StreamFigures[], risks: readonly RiskFigures[], recorded: StaffingRatio[] | undefined;
  if (readsLean(em)) {
    // The lines, non-pay costs, streams, risks and cost share (and the staffing standards, if asked for) read at once with the look-up.
    let agreed: LeanAgreement;
    [{ partnership, year }, { lines }, nonPay, streams, risks, agreed, recorded] = await lookUpWith<[LinesWithAgencies, NonPayFigures[], StreamFigures[], RiskFigures[], LeanAgreement, StaffingRatio[]?]>(
      em, partnershipCode, yearLabel,
      [linesWithAgencies(em), fieldsOfYear(em, NON_PAY_FIGURES), streamFiguresOfYear(em), fieldsOfYear(em, RISK_FIGURES), leanAgreementOf(em), ...(staffingRatios ? [leanStaffingRatios(em)] : [])] as never,
    );
    costShare = agreed.agreement ? await viewOf(em, agreed.agreement, lines, agreed.frozen) : null;
  } else {
    const establishment = await readEstablishment(em, partnershipCode, yearLabel);
    ({ partnership, year, lines, nonPayLines: nonPay } = establishment);
    costShare = await costShareOf(em, partnership, year, establishment.lines);
    streams = await streamsCovering(em, partnership, year);
    risks = await em.find(FundingRisk, { partnership, year }, { orderBy: { id: 'asc' } });
  }
  const items: FundingItems = {
    establishment: lines.filter((line) => line.budgetPence != null).map((line) => ({ id: String(line.id), label: line.grade, pence: line.budgetPence as number })),
    nonPay: nonPay.map((line) => ({ id: String(line.id), label: line.description, pence: line.amountPence })),
    contributions: (costShare?.shares ?? []).map((share) => ({ id: share.agency, label: share.agencyName, pence: share.contributionPence, agreed: costShare?.status === 'AGREED' })),
    streams: streams.map((stream) => ({ id: String(stream.id), label: `${stream.funder}: ${stream.purpose}`, certainty: stream.certainty, pence: stream.amountExpectedPence ?? stream.amountAgreedPence ?? null })),
    risks: risks.map((risk) => ({ id: String(risk.id), label: risk.title, pence: risk.exposurePence ?? null })),
  };
  const position = fundingPosition(positionInputOf(items));
  const establishmentPence = establishmentTotals(lines).knownBudgetPence;
  const nonPayPence = nonPayPenceOf(nonPay);
  return { partnership, year, position, establishmentPence, nonPayPence, costShare, parts: fundingParts(items), ...(recorded ? { staffingRatios: recorded } : {}) };
}

const yearField = (property: 'fromYear' | 'toYear', options: { required?: boolean } = {}): FieldRule<FundingStream> => ({
  property,
  parse: (label: string, field, tx) => requireFinancialYear(tx, field, label),
  ...options,
});

/** A funding stream's years and end date agree: the last year defaults to the first, and neither it nor the end date comes before the start. */
function checkStream(stream: Pick<FundingStream, 'fromYear' | 'toYear' | 'endDate'>, field: string): void {
  stream.toYear ??= stream.fromYear;
  const { fromYear, toYear, endDate } = stream;
  if (toYear.label < fromYear.label) throw badInput(`${field}.toFinancialYear`, `ends (${toYear.label}) before it starts (${fromYear.label}).`);
  if (endDate && endDate < fromYear.startDate) throw badInput(`${field}.endDate`, `${endDate} is before the stream starts (${fromYear.startDate}).`);
}

export const FUNDING_STREAM: RecordKind<FundingStream> = {
  entity: FundingStream,
  what: 'funding stream',
  populate: ['fromYear', 'toYear'],
  fields: {
    funder: textField('funder', 200, { required: true }),
    purpose: textField('purpose', 500, { required: true }),
    amountAgreed: poundsField('amountAgreedPence'),
    amountExpected: poundsField('amountExpectedPence'),
    fromFinancialYear: yearField('fromYear', { required: true }),
    toFinancialYear: yearField('toYear'),
    endDate: dateField('endDate'),
    certainty: valueField('certainty', { required: true }),
    notes: textField('notes'),
    source: textField('source'),
  },
  complete: (stream, field) => checkStream(stream, field),
};

/** The checked values of a whole funding stream, given its first and last years (looked up by the caller, as an import does). */
export function fundingStreamFields(input: FundingStreamInput, field: string, fromYear: FinancialYear, toYear: FinancialYear) {
  const { fromFinancialYear: _from, toFinancialYear: _to, ...rules } = FUNDING_STREAM.fields;
  const values = { ...storedValues(rules, input, field), fromYear, toYear } as FundingStream;
  checkStream(values, field);
  return values;
}

export function addFundingStream(em: EntityManager, partnershipCode: string, input: FundingStreamInput): Promise<FundingStream> {
  return addVersioned(em, FUNDING_STREAM, async (tx) => ({ partnership: await requirePartnership(tx, 'partnership', partnershipCode) }), input, 'stream');
}

export function updateFundingStream(em: EntityManager, id: string, expectedVersion: number, input: FundingStreamInput): Promise<FundingStream> {
  return updateVersioned(em, FUNDING_STREAM, id, expectedVersion, input, 'stream');
}

export function removeFundingStream(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, FundingStream, 'funding stream', id, expectedVersion);
}

export const FUNDING_RISK: RecordKind<FundingRisk> = {
  entity: FundingRisk,
  what: 'funding risk',
  populate: ['year'],
  fields: {
    title: textField('title', 200, { required: true }),
    description: textField('description'),
    exposure: poundsField('exposurePence'),
    certainty: valueField('certainty', { required: true }),
    likelihood: valueField('likelihood'),
    owner: textField('owner', 200),
    mitigation: textField('mitigation'),
    source: textField('source'),
  },
};

/** The checked values of a whole funding risk, as an import gives them. */
export function fundingRiskFields(input: FundingRiskInput, field: string) {
  return storedValues(FUNDING_RISK.fields, input, field) as FundingRisk;
}

export function addFundingRisk(em: EntityManager, partnershipCode: string, yearLabel: string, input: FundingRiskInput): Promise<FundingRisk> {
  return addVersioned(em, FUNDING_RISK, async (tx) => ({
    partnership: await requirePartnership(tx, 'partnership', partnershipCode),
    year: await requireFinancialYear(tx, 'financialYear', yearLabel),
  }), input, 'risk');
}

export function updateFundingRisk(em: EntityManager, id: string, expectedVersion: number, input: FundingRiskInput): Promise<FundingRisk> {
  return updateVersioned(em, FUNDING_RISK, id, expectedVersion, input, 'risk');
}

export const FUNDING_RISK_SHEET: YearSheet<FundingRisk> = { kind: FUNDING_RISK, noun: 'funding-risk register', field: 'risks', orderBy: { id: 'asc' }, label: (risk) => risk.title ?? null };

export function removeFundingRisk(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, FundingRisk, 'funding risk', id, expectedVersion);
}
