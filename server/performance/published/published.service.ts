import type { EntityManager } from '@mikro-orm/core';
import { optionalText, requireMonth, requireText, requireWholeNumber } from '../../errors/validate.js';
import { writeTransaction } from '../../db/write.js';
import { optionalPoundsToPence } from '../../money/pence.js';
import { toHundredths } from '../../money/hundredths.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { PublishedCostOfCrime, PublishedPriorityCrimeRate, PublishedReoffending } from './published.entity.js';
import { badInput } from '../../errors/domain-error.js';
import { InputChecks } from '../../errors/problems.js';
import { PriorityRateMethod } from '../priority-crime-rate/priority-crime-rate.js';

/** A published rate's method: one of PriorityRateMethod, or null when the paper does not say (it then compares with no computed series). */
function publishedRateMethod(field: string, value: string | null | undefined): PriorityRateMethod | null {
  const method = optionalText(field, value, 60);
  if (method === null) return null;
  if (!Object.values(PriorityRateMethod).includes(method as PriorityRateMethod)) throw badInput(field, `"${method}" is not a method: ${Object.values(PriorityRateMethod).join(' or ')}.`);
  return method as PriorityRateMethod;
}

const signedHundredths = (field: string, value: number) => (value < 0 ? -toHundredths(field, -value) : toHundredths(field, value));

export interface PublishedRateFields {
  month: string; preRate: number; liveRate: number; percentChange: number; source: string;
  /** The local authority the figures cover (null: the whole partnership), and how they were counted (a PriorityRateMethod). */
  area?: string | null; method?: string | null;
}
export interface PublishedReoffendingFields {
  force: string; localAuthority: string | null; cohortSize: number; actualRate: number; predictedRate: number; differencePercent: number;
  rankByDifference?: number | null; rankByActual?: number | null; note?: string | null; source: string;
  /** The row's key for re-imports; default: period (when given), force and local authority. */
  reference?: string | null;
  /** The period the table covers, as published (`2012/13 cohort`). */
  period?: string | null;
}
export interface PublishedCostFields {
  group: string; before: number | null; during: number | null; after: number | null; note?: string | null; source: string;
  /** When the figures were taken, as published (`2014-10`); the row's key for re-imports (default: period and group). */
  period?: string | null; reference?: string | null;
}

/** The checked values of a row of a published proven-reoffending table, every problem at once; a new period adds rows, the same one updates them. */
export function publishedReoffendingFields(v: PublishedReoffendingFields, f: string) {
  const checks = new InputChecks();
  const rank = (key: 'rankByDifference' | 'rankByActual') => (v[key] === null || v[key] === undefined ? null : (checks.check(() => requireWholeNumber(`${f}.${key}`, v[key]!, { min: 1 })) ?? null));
  const period = checks.check(() => optionalText(`${f}.period`, v.period, 60)) ?? null;
  const fields = {
    force: checks.check(() => requireText(`${f}.force`, v.force))!, localAuthority: checks.check(() => optionalText(`${f}.localAuthority`, v.localAuthority, 200)) ?? null,
    cohortSize: checks.check(() => requireWholeNumber(`${f}.cohortSize`, v.cohortSize))!, actualRateHundredths: checks.check(() => toHundredths(`${f}.actualRate`, v.actualRate, { max: 100 }))!,
    predictedRateHundredths: checks.check(() => toHundredths(`${f}.predictedRate`, v.predictedRate, { max: 100 }))!,
    differencePercentHundredths: checks.check(() => signedHundredths(`${f}.differencePercent`, v.differencePercent))!,
    publishedRankByDifference: rank('rankByDifference'), publishedRankByActual: rank('rankByActual'),
    note: checks.check(() => optionalText(`${f}.note`, v.note)) ?? null, source: checks.check(() => requireText(`${f}.source`, v.source, 2000))!, period,
    reference: (checks.check(() => optionalText(`${f}.reference`, v.reference, 200)) ?? null) ?? `${period ? `${period}/` : ''}${v.force.trim()}/${v.localAuthority?.trim() ?? ''}`,
  };
  checks.done();
  return fields;
}

/**
 * The checked values of a row of a published cost-of-crime table (before / during / after), every
 * problem at once; its key for re-imports is period and group unless one is given.
 */
export function publishedCostFields(v: PublishedCostFields, f: string) {
  const checks = new InputChecks();
  const group = checks.check(() => requireText(`${f}.group`, v.group, 200));
  const period = checks.check(() => optionalText(`${f}.period`, v.period, 60)) ?? null;
  const fields = {
    group: group!, period,
    beforePence: checks.check(() => optionalPoundsToPence(`${f}.before`, v.before)) ?? null,
    duringPence: checks.check(() => optionalPoundsToPence(`${f}.during`, v.during)) ?? null,
    afterPence: checks.check(() => optionalPoundsToPence(`${f}.after`, v.after)) ?? null,
    note: checks.check(() => optionalText(`${f}.note`, v.note)) ?? null,
    source: checks.check(() => requireText(`${f}.source`, v.source, 2000))!,
    reference: (checks.check(() => optionalText(`${f}.reference`, v.reference, 200)) ?? null) ?? `${period ?? ''}/${group ?? ''}`,
  };
  checks.done();
  return fields;
}

/**
 * The checked values of a published month of a priority crime rate, every problem at once; its key
 * for re-imports is area, method and month unless one is given (a new period adds, the same one updates).
 */
export function publishedRateFields(v: PublishedRateFields & { reference?: string | null }, f: string) {
  const checks = new InputChecks();
  const month = checks.check(() => requireMonth(`${f}.month`, v.month));
  const area = checks.check(() => optionalText(`${f}.area`, v.area, 200)) ?? null;
  const method = checks.check(() => publishedRateMethod(`${f}.method`, v.method)) ?? null;
  const fields = {
    month: month!,
    preRateHundredths: checks.check(() => toHundredths(`${f}.preRate`, v.preRate))!,
    liveRateHundredths: checks.check(() => toHundredths(`${f}.liveRate`, v.liveRate))!,
    percentChange: checks.check(() => requireWholeNumber(`${f}.percentChange`, v.percentChange, { min: -100_000 }))!,
    source: checks.check(() => requireText(`${f}.source`, v.source, 2000))!,
    area, method,
    reference: (checks.check(() => optionalText(`${f}.reference`, v.reference, 200)) ?? null) ?? `${area ?? ''}/${method ?? ''}/${month}`,
  };
  checks.done();
  return fields;
}

/** Stores published indicator values exactly as printed, each with its source. */
export async function addPublishedValues(
  em: EntityManager,
  partnershipCode: string,
  values: { priorityCrimeRates?: PublishedRateFields[]; reoffending?: PublishedReoffendingFields[]; costOfCrime?: PublishedCostFields[] },
): Promise<void> {
  await writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    (values.priorityCrimeRates ?? []).forEach((v, i) => {
      tx.create(PublishedPriorityCrimeRate, { partnership, ...publishedRateFields(v, `priorityCrimeRates[${i}]`) });
    });
    (values.reoffending ?? []).forEach((v, i) => tx.create(PublishedReoffending, { partnership, ...publishedReoffendingFields(v, `reoffending[${i}]`) }));
    (values.costOfCrime ?? []).forEach((v, i) => tx.create(PublishedCostOfCrime, { partnership, ...publishedCostFields(v, `costOfCrime[${i}]`) }));
    await tx.flush();
  });
}
