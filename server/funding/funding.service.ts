import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { optionalDate, optionalText, requireText } from '../errors/validate.js';
import { loadForUpdate, removeVersioned, writeTransaction } from '../db/write.js';
import { optionalPoundsToPence } from '../money/pence.js';
import { requireFinancialYear } from '../financial-year/lookup.js';
import type { FinancialYear } from '../financial-year/financial-year.entity.js';
import { requirePartnership } from '../partnership/lookup.js';
import type { Partnership } from '../partnership/partnership.entity.js';
import { loadEstablishment } from '../finance/establishment/establishment.service.js';
import { costShareOf } from '../finance/cost-share/cost-share.service.js';
import { FundingRisk, FundingStream } from './funding.entity.js';
import { fundingPosition, type FundingPosition } from './funding-position.js';
import type { FundingRiskInput, FundingStreamInput } from './funding.input.js';

/** Streams that cover the year (labels sort in year order). */
export async function streamsCovering(em: EntityManager, partnership: Partnership, year: FinancialYear): Promise<FundingStream[]> {
  return em.find(FundingStream, { partnership, fromYear: { label: { $lte: year.label } }, toYear: { label: { $gte: year.label } } }, { orderBy: { id: 'asc' }, populate: ['fromYear', 'toYear'] });
}

export async function loadFundingStreams(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<FundingStream[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  const year = await requireFinancialYear(em, 'financialYear', yearLabel);
  return streamsCovering(em, partnership, year);
}

export async function loadFundingRisks(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<FundingRisk[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  const year = await requireFinancialYear(em, 'financialYear', yearLabel);
  return em.find(FundingRisk, { partnership, year }, { orderBy: { id: 'asc' } });
}

export interface FundingPositionView {
  partnership: Partnership;
  year: FinancialYear;
  position: FundingPosition;
  establishmentPence: number;
  nonPayPence: number;
}

/** Planned cost against funding by certainty, risk exposure and the gap, for a partnership and year. */
export async function loadFundingPosition(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<FundingPositionView> {
  const establishment = await loadEstablishment(em, partnershipCode, yearLabel);
  const { partnership, year } = establishment;
  const costShare = await costShareOf(em, partnership, year, establishment.lines);
  const streams = await streamsCovering(em, partnership, year);
  const risks = await em.find(FundingRisk, { partnership, year });
  const contributions = costShare ? costShare.shares.reduce((sum, share) => sum + share.contributionPence, 0) : 0;
  const position = fundingPosition({
    establishmentPence: establishment.totals.knownBudgetPence,
    nonPayPence: establishment.nonPayPence,
    agreedContributionsPence: costShare?.agreement.status === 'AGREED' ? contributions : 0,
    draftContributionsPence: costShare?.agreement.status === 'DRAFT' ? contributions : 0,
    streams: streams.map((stream) => ({ certainty: stream.certainty, amountPence: stream.amountExpectedPence ?? stream.amountAgreedPence ?? null })),
    riskExposuresPence: risks.map((risk) => risk.exposurePence ?? null),
  });
  return { partnership, year, position, establishmentPence: establishment.totals.knownBudgetPence, nonPayPence: establishment.nonPayPence };
}

/** The checked values of a funding stream, given its first and last years (looked up by the caller). */
export function fundingStreamFields(input: FundingStreamInput, field: string, fromYear: FinancialYear, toYear: FinancialYear) {
  if (toYear.label < fromYear.label) throw badInput(`${field}.toFinancialYear`, `ends (${toYear.label}) before it starts (${fromYear.label}).`);
  const endDate = optionalDate(`${field}.endDate`, input.endDate);
  if (endDate && endDate < fromYear.startDate) throw badInput(`${field}.endDate`, `${endDate} is before the stream starts (${fromYear.startDate}).`);
  return {
    funder: requireText(`${field}.funder`, input.funder),
    purpose: requireText(`${field}.purpose`, input.purpose, 500),
    amountAgreedPence: optionalPoundsToPence(`${field}.amountAgreed`, input.amountAgreed),
    amountExpectedPence: optionalPoundsToPence(`${field}.amountExpected`, input.amountExpected),
    fromYear,
    toYear,
    endDate,
    certainty: input.certainty,
    notes: optionalText(`${field}.notes`, input.notes),
    source: optionalText(`${field}.source`, input.source),
  };
}

async function applyStream(tx: EntityManager, stream: FundingStream, input: FundingStreamInput, field: string): Promise<void> {
  const fromYear = await requireFinancialYear(tx, `${field}.fromFinancialYear`, input.fromFinancialYear);
  const toYear = input.toFinancialYear ? await requireFinancialYear(tx, `${field}.toFinancialYear`, input.toFinancialYear) : fromYear;
  Object.assign(stream, fundingStreamFields(input, field, fromYear, toYear));
}

export async function addFundingStream(em: EntityManager, partnershipCode: string, input: FundingStreamInput): Promise<FundingStream> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const stream = tx.create(FundingStream, { partnership } as FundingStream);
    await applyStream(tx, stream, input, 'stream');
    await tx.flush();
    return stream;
  });
}

export async function updateFundingStream(em: EntityManager, id: string, expectedVersion: number, input: FundingStreamInput): Promise<FundingStream> {
  return writeTransaction(em, async (tx) => {
    const stream = await loadForUpdate(tx, FundingStream, 'funding stream', id, expectedVersion);
    await applyStream(tx, stream, input, 'stream');
    await tx.flush();
    return stream;
  });
}

export function removeFundingStream(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, FundingStream, 'funding stream', id, expectedVersion);
}

/** The checked values of a funding risk. */
export function fundingRiskFields(input: FundingRiskInput, field: string) {
  return {
    title: requireText(`${field}.title`, input.title),
    description: optionalText(`${field}.description`, input.description),
    exposurePence: optionalPoundsToPence(`${field}.exposure`, input.exposure),
    certainty: input.certainty,
    likelihood: input.likelihood ?? null,
    owner: optionalText(`${field}.owner`, input.owner, 200),
    mitigation: optionalText(`${field}.mitigation`, input.mitigation),
    source: optionalText(`${field}.source`, input.source),
  };
}

function applyRisk(risk: FundingRisk, input: FundingRiskInput, field: string): void {
  Object.assign(risk, fundingRiskFields(input, field));
}

export async function addFundingRisk(em: EntityManager, partnershipCode: string, yearLabel: string, input: FundingRiskInput): Promise<FundingRisk> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const risk = tx.create(FundingRisk, { partnership, year } as FundingRisk);
    applyRisk(risk, input, 'risk');
    await tx.flush();
    return risk;
  });
}

export async function updateFundingRisk(em: EntityManager, id: string, expectedVersion: number, input: FundingRiskInput): Promise<FundingRisk> {
  return writeTransaction(em, async (tx) => {
    const risk = await loadForUpdate(tx, FundingRisk, 'funding risk', id, expectedVersion, ['year']);
    applyRisk(risk, input, 'risk');
    await tx.flush();
    return risk;
  });
}

export function removeFundingRisk(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, FundingRisk, 'funding risk', id, expectedVersion);
}
