import { describe, expect, it } from 'vitest';
import { breakEvenOffences, costPerMemberPence, valueForMoney } from './value-for-money.js';

describe('capacity and value for money', () => {
  it('£1,023,944 over 150 members is £6,826.29 each; break-even at £3,000 an offence is 342 offences', () => {
    expect(costPerMemberPence(102_394_400, 150)).toBe(682_629);
    expect(breakEvenOffences(102_394_400, 300_000)).toBe(342);
    expect(breakEvenOffences(100, 0)).toBeNull();
  });
});

describe('value for money v1', () => {
  it('£50,000 over 7 managed is £7,142.86 each; offences average £3,116.67, so 17 prevented offences pay for the year', () => {
    expect(valueForMoney({ knownBudgetPence: 5_000_000, nonPayPence: 0, complete: true }, { managed: 7, offences: '6', average: '311666.6666666667' })).toEqual({
      runningCostPence: 5_000_000, runningCostComplete: true, managed: 7, costPerManagedOffenderPence: 714_286, offences: 6, averageOffenceCostPence: 311_667, breakEvenOffences: 17,
    });
  });

  it('counts non-pay in the running cost, and has no average or break-even without costed offences', () => {
    expect(valueForMoney({ knownBudgetPence: 100_000, nonPayPence: 50_000, complete: false }, { managed: 0, offences: 0, average: null })).toEqual({
      runningCostPence: 150_000, runningCostComplete: false, managed: 0, costPerManagedOffenderPence: null, offences: 0, averageOffenceCostPence: null, breakEvenOffences: null,
    });
  });
});
