import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../../errors/domain-error.js';
import { optionalText, requireText, requireWholeNumber } from '../../errors/validate.js';
import { loadForUpdate, removeVersioned, writeTransaction } from '../../db/write.js';
import { formatPounds, optionalPoundsToPence } from '../../money/pence.js';
import { optionalToHundredths, toHundredths } from '../../money/hundredths.js';
import { requireFinancialYear } from '../../financial-year/lookup.js';
import type { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { requireAgency, requirePartnership } from '../../partnership/lookup.js';
import type { Partnership } from '../../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from './establishment-line.entity.js';
import { establishmentTotals, type EstablishmentTotals } from './establishment.js';
import type { EstablishmentLineInput, NonPayLineInput } from './establishment.input.js';

export interface EstablishmentView {
  partnership: Partnership;
  year: FinancialYear;
  lines: EstablishmentLine[];
  nonPayLines: NonPayLine[];
  totals: EstablishmentTotals;
  nonPayPence: number;
}

/** The lines, non-pay costs and totals of a partnership's establishment for a year. */
export async function loadEstablishment(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<EstablishmentView> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  const year = await requireFinancialYear(em, 'financialYear', yearLabel);
  const lines = await em.find(EstablishmentLine, { partnership, year }, { orderBy: { position: 'asc', id: 'asc' } });
  const nonPayLines = await em.find(NonPayLine, { partnership, year }, { orderBy: { id: 'asc' } });
  return {
    partnership,
    year,
    lines,
    nonPayLines,
    totals: establishmentTotals(lines),
    nonPayPence: nonPayLines.reduce((sum, line) => sum + line.amountPence, 0),
  };
}

/** The checked values of an establishment line (everything but the employing agency, which needs a lookup). */
export function establishmentLineFields(input: EstablishmentLineInput, field: string) {
  const fteHundredths = toHundredths(`${field}.fte`, input.fte);
  if (input.kind !== 'POST' && fteHundredths !== 0)
    throw badInput(`${field}.fte`, `${input.kind.toLowerCase()} lines carry no FTE of their own; record the posts as POST lines.`);
  return {
    grade: requireText(`${field}.grade`, input.grade),
    kind: input.kind,
    fteHundredths,
    budgetPence: optionalPoundsToPence(`${field}.budget`, input.budget),
    onCostBasisPoints: optionalToHundredths(`${field}.onCostPercent`, input.onCostPercent, { max: 100 }),
    abatementBasisPoints: optionalToHundredths(`${field}.abatementPercent`, input.abatementPercent, { max: 100 }),
    budgetBasis: optionalText(`${field}.budgetBasis`, input.budgetBasis),
    notes: optionalText(`${field}.notes`, input.notes),
    source: optionalText(`${field}.source`, input.source),
    position: input.position !== null && input.position !== undefined ? requireWholeNumber(`${field}.position`, input.position) : null,
  };
}

async function applyLine(tx: EntityManager, line: EstablishmentLine, input: EstablishmentLineInput, field: string): Promise<void> {
  const { position, ...fields } = establishmentLineFields(input, field);
  Object.assign(line, fields);
  line.employingAgency = input.employingAgency ? await requireAgency(tx, `${field}.employingAgency`, line.partnership, input.employingAgency) : null;
  if (position !== null) line.position = position;
}

export async function addEstablishmentLine(em: EntityManager, partnershipCode: string, yearLabel: string, input: EstablishmentLineInput): Promise<EstablishmentLine> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const last = await tx.findOne(EstablishmentLine, { partnership, year }, { orderBy: { position: 'desc' } });
    const line = tx.create(EstablishmentLine, { partnership, year, position: (last?.position ?? 0) + 1 } as EstablishmentLine);
    await applyLine(tx, line, input, 'line');
    await tx.flush();
    return line;
  });
}

export async function updateEstablishmentLine(em: EntityManager, id: string, expectedVersion: number, input: EstablishmentLineInput): Promise<EstablishmentLine> {
  return writeTransaction(em, async (tx) => {
    const line = await loadForUpdate(tx, EstablishmentLine, 'establishment line', id, expectedVersion, ['partnership', 'year']);
    await applyLine(tx, line, input, 'line');
    await tx.flush();
    return line;
  });
}

export function removeEstablishmentLine(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, EstablishmentLine, 'establishment line', id, expectedVersion);
}

function applyNonPay(line: NonPayLine, input: NonPayLineInput, field: string): void {
  line.category = input.category;
  line.description = requireText(`${field}.description`, input.description);
  line.quantity = input.quantity === null || input.quantity === undefined ? null : requireWholeNumber(`${field}.quantity`, input.quantity);
  line.unitCostPence = optionalPoundsToPence(`${field}.unitCost`, input.unitCost);
  const amount = optionalPoundsToPence(`${field}.amount`, input.amount);
  const costed = line.quantity !== null && line.unitCostPence !== null ? line.quantity * line.unitCostPence : null;
  if (amount === null && costed === null) throw badInput(`${field}.amount`, 'give the amount, or the quantity and unit cost.');
  if (amount !== null && costed !== null && amount !== costed)
    throw badInput(`${field}.amount`, `${line.quantity} × ${formatPounds(line.unitCostPence as number)} is ${formatPounds(costed)}, not ${formatPounds(amount)}.`);
  line.amountPence = (amount ?? costed) as number;
  line.notes = optionalText(`${field}.notes`, input.notes);
  line.source = optionalText(`${field}.source`, input.source);
}

export async function addNonPayLine(em: EntityManager, partnershipCode: string, yearLabel: string, input: NonPayLineInput): Promise<NonPayLine> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const line = tx.create(NonPayLine, { partnership, year } as NonPayLine);
    applyNonPay(line, input, 'line');
    await tx.flush();
    return line;
  });
}

export async function updateNonPayLine(em: EntityManager, id: string, expectedVersion: number, input: NonPayLineInput): Promise<NonPayLine> {
  return writeTransaction(em, async (tx) => {
    const line = await loadForUpdate(tx, NonPayLine, 'non-pay line', id, expectedVersion, ['year']);
    applyNonPay(line, input, 'line');
    await tx.flush();
    return line;
  });
}

export function removeNonPayLine(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, NonPayLine, 'non-pay line', id, expectedVersion);
}
