import type { EntityManager } from '@mikro-orm/core';
import { badInput, conflict, notFound } from '../../errors/domain-error.js';
import { optionalText, requireWholeNumber } from '../../errors/validate.js';
import { writeTransaction } from '../../db/write.js';
import { percentToHundredths } from '../../money/hundredths.js';
import { requireFinancialYear } from '../../financial-year/lookup.js';
import type { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { requireAgency, requirePartnership } from '../../partnership/lookup.js';
import type { Agency, Partnership } from '../../partnership/partnership.entity.js';
import { EstablishmentLine } from '../establishment/establishment-line.entity.js';
import { establishmentTotals } from '../establishment/establishment.js';
import { CostShareAgreement, CostShareEntry } from './cost-share-agreement.entity.js';
import { shareCost, validateShares, type ShareOfCost, type ShareWeight } from './cost-share.js';
import type { CostShareInput } from './cost-share.input.js';

export interface CostShareView {
  agreement: CostShareAgreement;
  partnership: Partnership;
  year: FinancialYear;
  /** The establishment budget being shared (the lines that have a budget). */
  totalPence: number;
  totalComplete: boolean;
  shares: (ShareOfCost & { agencyRecord: Agency })[];
}

/** Weights as the basis defines them; FTE hosted is read from the year's establishment lines. */
function weightsOf(agreement: CostShareAgreement, lines: readonly EstablishmentLine[]): ShareWeight[] {
  return agreement.entries.getItems().map((entry) => ({
    agency: entry.agency.code,
    weight:
      agreement.basis === 'PRO_RATA_FTE_HOSTED'
        ? lines.filter((line) => line.employingAgency?.id === entry.agency.id).reduce((sum, line) => sum + line.fteHundredths, 0)
        : entry.weight,
  }));
}

/** The agreement's shares of the year's establishment; pass the year's lines if they are already loaded. */
async function viewOf(em: EntityManager, agreement: CostShareAgreement, loadedLines?: readonly EstablishmentLine[]): Promise<CostShareView> {
  const lines = loadedLines ?? (await em.find(EstablishmentLine, { partnership: agreement.partnership, year: agreement.year }));
  const totals = establishmentTotals(lines);
  const shares = shareCost(totals.knownBudgetPence, weightsOf(agreement, lines));
  const entries = agreement.entries.getItems();
  return {
    agreement,
    partnership: agreement.partnership,
    year: agreement.year,
    totalPence: totals.knownBudgetPence,
    totalComplete: totals.linesWithoutBudget === 0,
    shares: shares.map((share, i) => ({ ...share, agencyRecord: entries[i].agency })),
  };
}

function findAgreement(em: EntityManager, partnership: Partnership, year: FinancialYear) {
  return em.findOne(CostShareAgreement, { partnership, year }, { populate: ['entries', 'entries.agency'], refresh: true });
}

/** The cost share of a partnership's establishment for a year; null when none has been drafted. */
export async function loadCostShare(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<CostShareView | null> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  const year = await requireFinancialYear(em, 'financialYear', yearLabel);
  return costShareOf(em, partnership, year);
}

/** The same, for a partnership and year already loaded (and, optionally, the year's establishment lines). */
export async function costShareOf(em: EntityManager, partnership: Partnership, year: FinancialYear, lines?: readonly EstablishmentLine[]): Promise<CostShareView | null> {
  const agreement = await findAgreement(em, partnership, year);
  return agreement ? viewOf(em, agreement, lines) : null;
}

async function entriesFrom(tx: EntityManager, partnership: Partnership, input: CostShareInput): Promise<{ agency: Agency; weight: number }[]> {
  return Promise.all(
    input.shares.map(async (share, i) => {
      const field = `input.shares[${i}]`;
      const agency = await requireAgency(tx, `${field}.agency`, partnership, share.agency);
      if (input.basis === 'FIXED_PERCENTAGES') {
        if (share.percent === null || share.percent === undefined) throw badInput(`${field}.percent`, 'a fixed-percentage share needs a percent.');
        return { agency, weight: percentToHundredths(`${field}.percent`, share.percent) };
      }
      if (input.basis === 'PRO_RATA_FTE_HOSTED') {
        if (share.percent != null || share.weight != null) throw badInput(field, 'FTE-hosted shares are worked out from the establishment; give the agency only.');
        return { agency, weight: 0 };
      }
      if (share.weight === null || share.weight === undefined) throw badInput(`${field}.weight`, `a ${input.basis === 'PRO_RATA_COHORT' ? 'cohort' : 'population'} share needs a weight.`);
      return { agency, weight: requireWholeNumber(`${field}.weight`, share.weight) };
    }),
  );
}

/** Updates entries in place by agency (a delete-then-insert of the same agency would break its unique key). */
function replaceEntries(tx: EntityManager, agreement: CostShareAgreement, entries: { agency: Agency; weight: number }[]): void {
  const current = new Map(agreement.entries.getItems().map((entry) => [entry.agency.id, entry]));
  entries.forEach(({ agency, weight }, position) => {
    const entry = current.get(agency.id);
    current.delete(agency.id);
    if (entry) Object.assign(entry, { weight, position });
    else agreement.entries.add(tx.create(CostShareEntry, { agreement, agency, weight, position }));
  });
  for (const stale of current.values()) agreement.entries.remove(stale);
}

async function checkShareable(tx: EntityManager, agreement: CostShareAgreement): Promise<void> {
  const lines = await tx.find(EstablishmentLine, { partnership: agreement.partnership, year: agreement.year });
  validateShares('input.shares', agreement.basis, weightsOf(agreement, lines));
}

/**
 * Creates the year's draft cost share (no `expectedVersion`) or replaces the draft
 * (`expectedVersion` = the version it was read at). An agreed share must be reopened first.
 */
export async function saveCostShareDraft(
  em: EntityManager,
  partnershipCode: string,
  yearLabel: string,
  expectedVersion: number | null | undefined,
  input: CostShareInput,
): Promise<CostShareView> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const existing = await findAgreement(tx, partnership, year);
    const what = `The ${year.label} cost share for ${partnership.name}`;
    if (existing && (expectedVersion === null || expectedVersion === undefined)) throw conflict(what, 0, existing.version);
    if (!existing && expectedVersion !== null && expectedVersion !== undefined) throw notFound('cost share for', `${partnership.code} ${year.label}`);
    if (existing && existing.version !== expectedVersion) throw conflict(what, expectedVersion as number, existing.version);
    if (existing?.status === 'AGREED') throw badInput('expectedVersion', `${what} is agreed; reopen it before changing it.`);

    const entries = await entriesFrom(tx, partnership, input);
    const agreement: CostShareAgreement = existing ?? tx.create(CostShareAgreement, { partnership, year, basis: input.basis } as CostShareAgreement);
    agreement.basis = input.basis;
    agreement.notes = optionalText('input.notes', input.notes);
    agreement.source = optionalText('input.source', input.source);
    // A save always makes a new version, even when only the shares change: move the timestamp on by at least 1 ms.
    agreement.updatedAt = new Date(Math.max(Date.now(), (agreement.updatedAt?.getTime() ?? 0) + 1));
    replaceEntries(tx, agreement, entries);
    await checkShareable(tx, agreement);
    await tx.flush();
    return viewOf(tx, agreement);
  });
}

/** Moves a cost share between DRAFT and AGREED, checking the caller's version. */
export async function setCostShareStatus(
  em: EntityManager,
  partnershipCode: string,
  yearLabel: string,
  expectedVersion: number,
  status: CostShareAgreement['status'],
): Promise<CostShareView> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const agreement = await findAgreement(tx, partnership, year);
    if (!agreement) throw notFound('cost share for', `${partnership.code} ${year.label}`);
    const what = `The ${year.label} cost share for ${partnership.name}`;
    if (agreement.version !== expectedVersion) throw conflict(what, expectedVersion, agreement.version);
    if (agreement.status === status) throw badInput('expectedVersion', `${what} is already ${status.toLowerCase()}.`);
    if (status === 'AGREED') await checkShareable(tx, agreement);
    agreement.status = status;
    agreement.agreedAt = status === 'AGREED' ? new Date() : null;
    await tx.flush();
    return viewOf(tx, agreement);
  });
}
