import { describe, expect, it } from 'vitest';
import { checkMatrix, explainScore, maximumScore, scoreReferral, valuesForTotal } from './scoring.js';

const MATRIX = checkMatrix('matrix', {
  threshold: 20,
  factors: [
    { factor: 'priority', label: 'Priority offences in the last 12 months', weight: 4, maxValue: 5 },
    { factor: 'drugs', label: 'Class A drug misuse', weight: 5, maxValue: 1 },
    { factor: 'intelligence', label: 'Current police intelligence', weight: 1, maxValue: 10 },
  ],
});

describe('a referral scoring matrix', () => {
  it('scores each factor as value × weight and explains the total against the threshold', () => {
    const scored = scoreReferral('input.matrixFactors', MATRIX, [{ factor: 'priority', value: 3 }, { factor: 'drugs', value: 1 }, { factor: 'intelligence', value: 4 }]);
    expect(scored.score).toBe(21);
    expect(scored.factors.map((f) => f.points)).toEqual([12, 5, 4]);
    expect(explainScore(scored.score, scored.factors, 20)).toBe(
      'Priority offences in the last 12 months 3 × 4 = 12; Class A drug misuse 1 × 5 = 5; Current police intelligence 4 × 1 = 4. Total 21. At or above the threshold of 20.',
    );
    expect(explainScore(19, [], 20)).toBe('Recorded as a total of 19; no factor scores were recorded. Below the threshold of 20.');
  });

  it('refuses an unknown factor, a value above the factor\'s highest, and a factor left out, all at once', () => {
    expect(() => scoreReferral('f', MATRIX, [{ factor: 'priority', value: 6 }, { factor: 'weather', value: 1 }])).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({
          problems: [
            { field: 'f[0].value', message: 'f[0].value: must be at most 5 (got 6).' },
            { field: 'f[1].factor', message: 'f[1].factor: "weather" is not a factor of the matrix (priority, drugs, intelligence).' },
            { field: 'f', message: 'f: score every factor of the matrix; missing: Class A drug misuse; Current police intelligence.' },
          ],
        }),
      }),
    );
  });

  it('refuses a matrix with a factor twice or a weight of 0', () => {
    expect(() => checkMatrix('m', { threshold: 5, factors: [{ factor: 'a', label: 'A', weight: 0, maxValue: 1 }, { factor: 'a', label: 'A', weight: 1, maxValue: 1 }] })).toThrow(
      'm.factors[0].weight: must be at least 1 (got 0). (and 1 more problem)',
    );
  });

  it('finds factor values for a total recorded without them, or says it cannot', () => {
    expect(maximumScore(MATRIX)).toBe(35);
    expect(valuesForTotal(MATRIX, 27)).toEqual([{ factor: 'priority', value: 5 }, { factor: 'drugs', value: 1 }, { factor: 'intelligence', value: 2 }]);
    expect(scoreReferral('f', MATRIX, valuesForTotal(MATRIX, 13)!).score).toBe(13);
    expect(valuesForTotal(MATRIX, 36)).toBeNull();
  });
});
