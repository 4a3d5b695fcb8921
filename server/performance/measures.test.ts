import { describe, expect, it } from 'vitest';
import {
  binaryRate, breakEvenOffences, costPerMemberPence, differencePercent, frequencyPer100, nominalsPerFte, offencesPerReoffender, percentChange, roundHalfAway,
} from './measures.js';

describe('rounding as published', () => {
  it('rounds half away from zero', () => {
    expect(roundHalfAway(-3.5)).toBe(-4);
    expect(roundHalfAway(2.5)).toBe(3);
    expect(roundHalfAway(-25.655, 2)).toBe(-25.66);
  });
  it('percent change is live / pre − 1 in whole percent', () => {
    expect(percentChange(2, 1)).toBe(-50);
    expect(percentChange(1.5, 1.2)).toBe(-20);
    expect(percentChange(1.13, 1.2)).toBe(6);
    expect(percentChange(1, 1)).toBe(0);
    expect(percentChange(0, 1)).toBeNull();
  });
  it('difference from predicted in percent to two decimals', () => {
    expect(differencePercent(6, 8)).toBe(-25);
    expect(differencePercent(10.38, 9.62)).toBe(7.9);
    expect(differencePercent(1, 0)).toBeNull();
  });
});

describe('reoffending rates on a cohort of 8 with 3 reoffenders and 5 offences', () => {
  it('binary 37.5%, 62.5 per 100 members, 1.67 per reoffender', () => {
    expect(binaryRate(3, 8)).toBe(37.5);
    expect(frequencyPer100(5, 8)).toBe(62.5);
    expect(offencesPerReoffender(5, 3)).toBe(1.67);
    expect(binaryRate(0, 0)).toBeNull();
  });
});

describe('capacity and value for money', () => {
  it('56 nominals on 1.4 police FTE is 40 each', () => {
    expect(nominalsPerFte(56, 1.4)).toBe(40);
    expect(nominalsPerFte(34, 1.3)).toBe(26.15);
    expect(nominalsPerFte(10, 0)).toBeNull();
  });
  it('£1,023,944 over 150 members is £6,826.29 each; break-even at £3,000 an offence is 342 offences', () => {
    expect(costPerMemberPence(102_394_400, 150)).toBe(682_629);
    expect(breakEvenOffences(102_394_400, 300_000)).toBe(342);
    expect(breakEvenOffences(100, 0)).toBeNull();
  });
});
