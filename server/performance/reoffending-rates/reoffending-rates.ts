import { costOf, type CostedCount, type Disclosed, type DisclosureRule } from '../../disclosure/small-counts.js';
import type { CohortGrouping } from '../cohort-grouping.js';
import { costedCounts, rowsByKey } from '../costed-offences.js';
import { roundHalfAway } from '../rounding.js';

/** What the SQL counts for a group: its offences by unit cost, for their cost. */
export interface ReoffendingCounts {
  group: string;
  members: number;
  reoffenders: number;
  offences: number;
  offencesWithoutUnitCost: number;
  costed: CostedCount[];
}

/** A group's figures: its counts, and the rates and cost worked out from them. */
export interface ReoffendingRateFigures {
  group: string;
  members: number;
  reoffenders: number;
  offences: number;
  offencesWithoutUnitCost: number;
  costPence: number;
  binaryRate: number | null;
  frequencyPer100: number | null;
  perReoffender: number | null;
}

type Hideable = 'members' | 'reoffenders' | 'offences' | 'offencesWithoutUnitCost' | 'costPence' | 'binaryRate' | 'frequencyPer100' | 'perReoffender';

/**
 * Members, reoffenders and offences (with and without a unit cost) are counts, and so is each
 * unit cost's count of offences, from which the cost is worked out. A group of members is there
 * because it has members; an offence group because it has offences.
 */
export function reoffendingRatesDisclosure(groupBy: CohortGrouping): DisclosureRule<ReoffendingCounts, ReoffendingRateFigures, Hideable> {
  return {
    counts: ['members', 'reoffenders', 'offences', 'offencesWithoutUnitCost'],
    costed: ['costed'],
    presence: groupBy === 'OFFENCE_GROUP' ? ['offences'] : ['members'],
    derive: withRates,
    builtOn: {
      binaryRate: ['members', 'reoffenders'], frequencyPer100: ['members', 'offences'], perReoffender: ['offences', 'reoffenders'], costPence: ['costed'],
    },
  };
}

/** A group's figures as the caller may see them. */
export type ShownReoffendingRate = Disclosed<ReoffendingRateFigures, Hideable>;

/** Share of members with at least one proven offence, in percent to two decimals. */
export function binaryRate(reoffenders: number, members: number): number | null {
  return members === 0 ? null : roundHalfAway((reoffenders / members) * 100, 2);
}

/** Offences per 100 members, to two decimals. */
export function frequencyPer100(offences: number, members: number): number | null {
  return members === 0 ? null : roundHalfAway((offences / members) * 100, 2);
}

/** Offences per reoffender, to two decimals. */
export function offencesPerReoffender(offences: number, reoffenders: number): number | null {
  return reoffenders === 0 ? null : roundHalfAway(offences / reoffenders, 2);
}

/** Each group's counts from the SQL's rows (one per group and unit cost; numbers or numeric text). */
export function reoffendingCounts(rows: readonly Record<string, unknown>[]): ReoffendingCounts[] {
  return rowsByKey(rows, (r) => String(r.group)).map((group) => {
    const [r] = group;
    return {
      group: String(r.group), members: Number(r.members), reoffenders: Number(r.reoffenders), offences: Number(r.offences),
      offencesWithoutUnitCost: Number(r.uncosted), costed: costedCounts(group, 'costed'),
    };
  });
}

/** A group's rates and cost of offending from its counts. */
export function withRates({ costed, ...counts }: ReoffendingCounts): ReoffendingRateFigures {
  const { members, reoffenders, offences } = counts;
  return {
    ...counts,
    costPence: costOf(costed),
    binaryRate: binaryRate(reoffenders, members),
    frequencyPer100: frequencyPer100(offences, members),
    perReoffender: offencesPerReoffender(offences, reoffenders),
  };
}
