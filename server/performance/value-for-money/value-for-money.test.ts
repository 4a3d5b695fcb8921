import { describe, expect, it } from 'vitest';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { breakEvenOffences, costPerMemberPence, valueForMoney, valueForMoneyDisclosure, yearCounts } from './value-for-money.js';

describe('capacity and value for money', () => {
  it('£1,023,944 over 150 members is £6,826.29 each; break-even at £3,000 an offence is 342 offences', () => {
    expect(costPerMemberPence(102_394_400, 150)).toBe(682_629);
    expect(breakEvenOffences(102_394_400, 300_000)).toBe(342);
    expect(breakEvenOffences(100, 0)).toBeNull();
  });
});

describe('value for money v1', () => {
  it('£50,000 over 7 managed is £7,142.86 each; offences average £3,116.67, so 17 prevented offences pay for the year', () => {
    // £7,000, £3,000 twice, £4,000 and £850 twice: £18,700 over 6.
    const counts = yearCounts([
      { managed: 7, unit_cost: 85_000, offences: '2' }, { managed: 7, unit_cost: 300_000, offences: 2 }, { managed: 7, unit_cost: '400000', offences: 1 }, { managed: 7, unit_cost: 700_000, offences: 1 },
    ]);
    expect(valueForMoney({ knownBudgetPence: 5_000_000, nonPayPence: 0, complete: true }, counts)).toEqual({
      runningCostPence: 5_000_000, runningCostComplete: true, managed: 7, costPerManagedOffenderPence: 714_286, offences: 6, averageOffenceCostPence: 311_667, breakEvenOffences: 17,
    });
  });

  it('counts non-pay in the running cost, and has no average or break-even without costed offences', () => {
    expect(valueForMoney({ knownBudgetPence: 100_000, nonPayPence: 50_000, complete: false }, yearCounts([{ managed: '0', unit_cost: null, offences: null }]))).toEqual({
      runningCostPence: 150_000, runningCostComplete: false, managed: 0, costPerManagedOffenderPence: null, offences: 0, averageOffenceCostPence: null, breakEvenOffences: null,
    });
  });
});

describe('value for money v1 as a board sees it', () => {
  const cost = { knownBudgetPence: 5_000_000, nonPayPence: 0, complete: true };

  it('costs a managed offender over the rounded members, and averages offences of rounded counts', () => {
    // 7 managed → 5; £3,000 × 3 → 5, £850 × 2 → 0: the average is £3,000, not one offence's banding mixed in.
    const counts = yearCounts([{ managed: 7, unit_cost: 85_000, offences: 2 }, { managed: 7, unit_cost: 300_000, offences: 3 }]);
    expect(protectSmallCounts({ role: 'BOARD' }, null, valueForMoneyDisclosure(cost), [counts])).toEqual([{
      runningCostPence: 5_000_000, runningCostComplete: true, managed: 5, costPerManagedOffenderPence: 1_000_000, offences: 5, averageOffenceCostPence: 300_000, breakEvenOffences: 17,
    }]);
  });

  it('has no average from a single offence', () => {
    const [figures] = protectSmallCounts({ role: 'BOARD' }, null, valueForMoneyDisclosure(cost), [yearCounts([{ managed: 40, unit_cost: 1_000_000, offences: 1 }])]);
    expect(figures).toMatchObject({ managed: 40, offences: 0, averageOffenceCostPence: null, breakEvenOffences: null });
  });
});
