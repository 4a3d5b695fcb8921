import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../../errors/domain-error.js';
import { columnsOf, plainParts, readsLean } from '../../db/entity-rows.js';
import { scopeOf } from '../../db/partnership-scope.js';
import { addVersioned, removeVersioned, updateVersioned, type RecordKind } from '../../db/write.js';
import type { YearSheet } from '../sheet/year-sheet.js';
import { hundredthsField, poundsField, storedValues, textField, valueField, wholeNumberField } from '../../db/fields.js';
import { formatPounds } from '../../money/pence.js';
import { requireFinancialYear } from '../../financial-year/lookup.js';
import type { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { lookUpWith, requireAgency, requirePartnership, requirePartnershipYear, type JoinedRead, type RowsOfYear } from '../../partnership/lookup.js';
import { Agency, type Partnership } from '../../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from './establishment-line.entity.js';
import { budgetWorking, derivedBudget, establishmentTotals, nonPayPenceOf, type BudgetParts, type EstablishmentTotals } from './establishment.js';
import type { EstablishmentLineInput, NonPayLineInput } from './establishment.input.js';

export interface EstablishmentView {
  partnership: Partnership;
  year: FinancialYear;
  lines: EstablishmentLine[];
  nonPayLines: NonPayLine[];
  totals: EstablishmentTotals;
  nonPayPence: number;
  /**
   * On the lean read path, each line's employing agency as read with the lines in the caller's
   * scope (null: not in scope), by agency id, for the request's agency loader; unset otherwise.
   */
  employingAgencies?: ReadonlyMap<number, Agency | null>;
}

export interface LinesWithAgencies {
  lines: EstablishmentLine[];
  agencies: Map<number, Agency | null>;
}

/** The year's lines, each with its employing agency (in the caller's scope), read in the look-up's statement. */
export function linesWithAgencies(em: EntityManager): JoinedRead<LinesWithAgencies> {
  const columns = { l: columnsOf(em, 'EstablishmentLine'), g: columnsOf(em, 'Agency') };
  const scope = scopeOf(em, 'g.partnership_id');
  return {
    tables: { l: 'EstablishmentLine', g: 'Agency' },
    joins: (only) => `LEFT JOIN establishment_line l ON ${only} AND l.partnership_id = p.id AND l.year_label = :label
      LEFT JOIN agency g ON g.id = l.employing_agency_id AND ${scope.where}`,
    orderBy: ['l.position', 'l.id'],
    params: scope.params,
    take(rows) {
      // The agencies first: each line's employing agency is then the agency read.
      const agencies = new Map<number, Agency | null>(plainParts(em, Agency, rows, 'g', columns.g).map((agency) => [agency.id, agency]));
      const lines = plainParts(em, EstablishmentLine, rows, 'l', columns.l);
      for (const line of lines) if (line.employingAgency && !agencies.has(line.employingAgency.id)) agencies.set(line.employingAgency.id, null);
      return { lines, agencies };
    },
  };
}

/** The year's non-pay costs, read in the look-up's statement (lean read path). */
const NON_PAY: RowsOfYear<NonPayLine> = { entity: NonPayLine, table: 'non_pay_line', orderBy: ['id'], alias: 'n' };

/** The lines, non-pay costs and totals of a partnership's establishment for a year. */
export async function loadEstablishment(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<EstablishmentView> {
  return establishmentOf(await readEstablishment(em, partnershipCode, yearLabel));
}

/**
 * The establishment's rows: on the lean read path in the look-up's statement with the partnership
 * and year (lookUpWith); in a transaction one after the other.
 */
export async function readEstablishment(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<EstablishmentRows> {
  if (readsLean(em)) {
    const [{ partnership, year, rows: nonPayLines }, { lines, agencies }] = await lookUpWith<[LinesWithAgencies], NonPayLine>(em, partnershipCode, yearLabel, [linesWithAgencies(em)], NON_PAY);
    return { partnership, year, lines, nonPayLines, employingAgencies: agencies };
  }
  const { partnership, year } = await requirePartnershipYear(em, partnershipCode, yearLabel);
  const lines = await em.find(EstablishmentLine, { partnership, year }, { orderBy: { position: 'asc', id: 'asc' } });
  const nonPayLines = await em.find(NonPayLine, { partnership, year }, { orderBy: { id: 'asc' } });
  return { partnership, year, lines, nonPayLines };
}

type EstablishmentRows = Pick<EstablishmentView, 'partnership' | 'year' | 'lines' | 'nonPayLines' | 'employingAgencies'>;

/** The establishment's totals from its rows. */
export function establishmentOf({ partnership, year, lines, nonPayLines, employingAgencies }: EstablishmentRows): EstablishmentView {
  return {
    partnership,
    year,
    lines,
    nonPayLines,
    totals: establishmentTotals(lines),
    nonPayPence: nonPayPenceOf(nonPayLines),
    employingAgencies,
  };
}

/** How an establishment line's input reaches the line: each field, and the checks across them. */
export const ESTABLISHMENT_LINE: RecordKind<EstablishmentLine> = {
  entity: EstablishmentLine,
  what: 'establishment line',
  populate: ['partnership', 'year'],
  fields: {
    grade: textField('grade', 200, { required: true }),
    kind: valueField('kind', { required: true, fallback: 'POST' }),
    employingAgency: { property: 'employingAgency', parse: (code: string, field, tx, line) => requireAgency(tx, field, line.partnership, code) },
    fte: hundredthsField('fteHundredths', {}, { required: true, fallback: 0 }),
    budget: poundsField('budgetPence'),
    onCostPercent: hundredthsField('onCostBasisPoints', { max: 100 }),
    abatementPercent: hundredthsField('abatementBasisPoints', { max: 100 }),
    budgetBasis: textField('budgetBasis'),
    payPoint: textField('payPoint', 200),
    costPerFte: poundsField('costPerFtePence'),
    vacantFte: hundredthsField('vacantFteHundredths'),
    vacantCostPerFte: poundsField('vacantCostPerFtePence'),
    vacancyBasis: textField('vacancyBasis'),
    notes: textField('notes'),
    source: textField('source'),
    position: wholeNumberField('position', {}, { nullable: false }),
  },
  complete(line, field, _tx, input) {
    checkLine(line, field);
    deriveBudget(line, field, (input as EstablishmentLineInput).budget != null);
  },
};

/**
 * A line with a cost per FTE has its budget worked out from its parts, rounded once; a budget sent
 * with the parts must be the same figure. Without a cost per FTE the budget is as typed in.
 */
function deriveBudget(line: EstablishmentLine, field: string, budgetSent: boolean): void {
  const fte = (hundredths: number) => (hundredths / 100).toFixed(2);
  if (line.vacantFteHundredths != null && line.vacantFteHundredths > line.fteHundredths)
    throw badInput(`${field}.vacantFte`, `${fte(line.vacantFteHundredths)} FTE vacant is more than the ${fte(line.fteHundredths)} FTE the line establishes.`);
  if (line.costPerFtePence == null) {
    if (line.vacantCostPerFtePence != null) throw badInput(`${field}.vacantCostPerFte`, 'give costPerFte too: the budget is worked out from both.');
    return;
  }
  if (line.kind !== 'POST') throw badInput(`${field}.costPerFte`, `${line.kind.toLowerCase()} lines have no FTE to cost; give their budget instead.`);
  const parts = line as BudgetParts;
  const derived = derivedBudget(parts);
  if (budgetSent && line.budgetPence !== derived)
    throw badInput(
      `${field}.budget`,
      `the line's parts give ${budgetWorking(parts)}, not ${formatPounds(line.budgetPence as number)}. Send the parts or the budget; to type a budget in, clear costPerFte (null).`,
    );
  line.budgetPence = derived;
}

function checkLine(line: Pick<EstablishmentLine, 'kind' | 'fteHundredths'>, field: string): void {
  if (line.kind !== 'POST' && line.fteHundredths !== 0)
    throw badInput(`${field}.fte`, `${line.kind.toLowerCase()} lines carry no FTE of their own; record the posts as POST lines.`);
}

/** The checked values of a whole establishment line, as an import gives them (the employing agency is looked up by the caller). */
export function establishmentLineFields(input: EstablishmentLineInput, field: string) {
  const { employingAgency: _agency, ...rules } = ESTABLISHMENT_LINE.fields;
  const values = storedValues(rules, input, field) as Omit<EstablishmentLine, 'employingAgency'>;
  checkLine(values, field);
  return values;
}

export async function addEstablishmentLine(em: EntityManager, partnershipCode: string, yearLabel: string, input: EstablishmentLineInput): Promise<EstablishmentLine> {
  return addVersioned(em, ESTABLISHMENT_LINE, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const last = await tx.findOne(EstablishmentLine, { partnership, year }, { orderBy: { position: 'desc' } });
    return { partnership, year, position: (last?.position ?? 0) + 1 };
  }, input, 'line');
}

export function updateEstablishmentLine(em: EntityManager, id: string, expectedVersion: number, input: EstablishmentLineInput): Promise<EstablishmentLine> {
  return updateVersioned(em, ESTABLISHMENT_LINE, id, expectedVersion, input, 'line');
}

/** The partnership's agencies' codes by id, to name an employing agency in a change. */
async function agencyCodes(tx: EntityManager, partnership: Partnership): Promise<(property: string, id: unknown) => string | undefined> {
  const codes = new Map((await tx.find(Agency, { partnership })).map((agency) => [agency.id, agency.code]));
  return (property, id) => (property === 'employingAgency' ? codes.get(Number(id)) : undefined);
}

/** An establishment sheet: the year's lines in table order; a new line goes after the last. */
export const ESTABLISHMENT_SHEET: YearSheet<EstablishmentLine> = {
  kind: ESTABLISHMENT_LINE,
  noun: 'establishment',
  field: 'lines',
  orderBy: { position: 'asc', id: 'asc' },
  label: (line) => line.grade ?? null,
  start(current) {
    let last = Math.max(0, ...current.map((line) => line.position));
    return () => ({ position: ++last });
  },
  referenceName: agencyCodes,
};

export function removeEstablishmentLine(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, EstablishmentLine, 'establishment line', id, expectedVersion);
}

/** How a non-pay line's input reaches the line: the amount is given, or worked out from quantity × unit cost, and refused when they disagree. */
export const NON_PAY_LINE: RecordKind<NonPayLine> = {
  entity: NonPayLine,
  what: 'non-pay line',
  populate: ['year'],
  fields: {
    category: valueField('category', { required: true }),
    description: textField('description', 200, { required: true }),
    quantity: wholeNumberField('quantity'),
    unitCost: poundsField('unitCostPence'),
    amount: poundsField('amountPence'),
    notes: textField('notes'),
    source: textField('source'),
  },
  complete(line, field, _tx, input) {
    const costed = line.quantity != null && line.unitCostPence != null ? line.quantity * line.unitCostPence : null;
    const amountSent = (input as NonPayLineInput).amount != null;
    if (costed !== null && amountSent && line.amountPence !== costed)
      throw badInput(`${field}.amount`, `${line.quantity} × ${formatPounds(line.unitCostPence as number)} is ${formatPounds(costed)}, not ${formatPounds(line.amountPence)}.`);
    if (costed !== null) line.amountPence = costed;
    if (line.amountPence == null) throw badInput(`${field}.amount`, 'give the amount, or the quantity and unit cost.');
  },
};

export async function addNonPayLine(em: EntityManager, partnershipCode: string, yearLabel: string, input: NonPayLineInput): Promise<NonPayLine> {
  return addVersioned(em, NON_PAY_LINE, async (tx) => ({
    partnership: await requirePartnership(tx, 'partnership', partnershipCode),
    year: await requireFinancialYear(tx, 'financialYear', yearLabel),
  }), input, 'line');
}

export function updateNonPayLine(em: EntityManager, id: string, expectedVersion: number, input: NonPayLineInput): Promise<NonPayLine> {
  return updateVersioned(em, NON_PAY_LINE, id, expectedVersion, input, 'line');
}

export function removeNonPayLine(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, NonPayLine, 'non-pay line', id, expectedVersion);
}

export const NON_PAY_SHEET: YearSheet<NonPayLine> = { kind: NON_PAY_LINE, noun: 'non-pay costs', field: 'lines', orderBy: { id: 'asc' }, label: (line) => line.description ?? null };
