/**
 * A referral scoring matrix (Thurrock 2.6: "a standard scoring matrix in place across Essex"):
 * weighted factors, each scored from 0 to its highest value, summed and compared with a threshold.
 * Pure: the service loads the partnership's matrix and stores what was scored.
 */
import { badInput } from '../errors/domain-error.js';
import { InputChecks } from '../errors/problems.js';
import { requireText, requireWholeNumber } from '../errors/validate.js';
import type { MatrixFactor, ScoredFactor } from './cohort.entity.js';

export interface Matrix {
  threshold: number;
  factors: readonly MatrixFactor[];
}

/** A matrix as set: at least one factor, keys unique, weights and highest values whole numbers from 1. */
export function checkMatrix(field: string, input: { threshold: number; factors: readonly MatrixFactor[] }): Matrix {
  const checks = new InputChecks();
  const threshold = checks.check(() => requireWholeNumber(`${field}.threshold`, input.threshold));
  if (!input.factors.length) checks.add(badInput(`${field}.factors`, 'a matrix needs at least one factor.'));
  const keys = new Set<string>();
  const factors = input.factors.map((f, i) => {
    const at = `${field}.factors[${i}]`;
    const factor = checks.check(() => requireText(`${at}.factor`, f.factor, 60)) ?? '';
    if (factor && keys.has(factor)) checks.add(badInput(`${at}.factor`, `"${factor}" is listed twice.`));
    keys.add(factor);
    return {
      factor,
      label: checks.check(() => requireText(`${at}.label`, f.label, 200)) ?? '',
      weight: checks.check(() => requireWholeNumber(`${at}.weight`, f.weight, { min: 1, max: 100 })) ?? 0,
      maxValue: checks.check(() => requireWholeNumber(`${at}.maxValue`, f.maxValue, { min: 1, max: 100 })) ?? 0,
    };
  });
  checks.done();
  return { threshold: threshold!, factors };
}

/** The highest score the matrix allows. */
export const maximumScore = (matrix: Matrix) => matrix.factors.reduce((sum, f) => sum + f.weight * f.maxValue, 0);

/** Scores a referral's values against the matrix: every factor given once, each from 0 to its highest value. */
export function scoreReferral(field: string, matrix: Matrix, values: readonly { factor: string; value: number }[]): { score: number; factors: ScoredFactor[] } {
  const checks = new InputChecks();
  const given = new Map<string, number>();
  values.forEach((v, i) => {
    const at = `${field}[${i}]`;
    const factor = matrix.factors.find((f) => f.factor === v.factor);
    if (!factor) return checks.add(badInput(`${at}.factor`, `"${v.factor}" is not a factor of the matrix (${matrix.factors.map((f) => f.factor).join(', ')}).`));
    if (given.has(v.factor)) return checks.add(badInput(`${at}.factor`, `"${v.factor}" is scored twice.`));
    const value = checks.check(() => requireWholeNumber(`${at}.value`, v.value, { max: factor.maxValue }));
    if (value !== undefined) given.set(v.factor, value);
  });
  const missing = matrix.factors.filter((f) => !values.some((v) => v.factor === f.factor));
  if (missing.length) checks.add(badInput(field, `score every factor of the matrix; missing: ${missing.map((f) => f.label).join('; ')}.`));
  checks.done();
  const factors = matrix.factors.map((f) => ({ factor: f.factor, label: f.label, weight: f.weight, value: given.get(f.factor)!, points: f.weight * given.get(f.factor)! }));
  return { score: factors.reduce((sum, f) => sum + f.points, 0), factors };
}

/** Whether a score meets the threshold. */
export const meetsThreshold = (score: number, threshold: number) => score >= threshold;

/** The score factor by factor, in words: "Class A drug misuse 1 × 5 = 5; … Total 26, at or above the threshold of 20." */
export function explainScore(score: number, factors: readonly ScoredFactor[], threshold: number | null): string {
  const against = threshold === null ? 'No threshold is set.' : `${score >= threshold ? 'At or above' : 'Below'} the threshold of ${threshold}.`;
  if (!factors.length) return `Recorded as a total of ${score}; no factor scores were recorded. ${against}`;
  return `${factors.map((f) => `${f.label} ${f.value} × ${f.weight} = ${f.points}`).join('; ')}. Total ${score}. ${against}`;
}

/**
 * Values that give a total already recorded, factor by factor: the heaviest factors first, each as
 * high as the remainder allows, the rest on the lightest. For records that kept only a total; null
 * when the matrix cannot make the total exactly.
 */
export function valuesForTotal(matrix: Matrix, total: number): { factor: string; value: number }[] | null {
  const order = [...matrix.factors].sort((a, b) => b.weight - a.weight);
  let left = total;
  const values = new Map<string, number>();
  for (const f of order) {
    const value = Math.min(f.maxValue, Math.floor(left / f.weight));
    values.set(f.factor, value);
    left -= value * f.weight;
  }
  return left === 0 ? matrix.factors.map((f) => ({ factor: f.factor, value: values.get(f.factor)! })) : null;
}
