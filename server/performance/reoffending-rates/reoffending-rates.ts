import type { Disclosed, DisclosureRule } from '../../disclosure/small-counts.js';
import { roundHalfAway } from '../rounding.js';

/** What the SQL counts for a group. */
export interface ReoffendingCounts {
  group: string;
  members: number;
  reoffenders: number;
  offences: number;
  costPence: number;
  offencesWithoutUnitCost: number;
}

/** A group's counts with the rates built on them. */
export interface ReoffendingRateFigures extends ReoffendingCounts {
  binaryRate: number | null;
  frequencyPer100: number | null;
  perReoffender: number | null;
}

type RateCount = 'members' | 'reoffenders' | 'offences';
type Rate = 'binaryRate' | 'frequencyPer100' | 'perReoffender';

/** Members, reoffenders and offences are counts; the rates are built on members and reoffenders. Cost is not protected. */
export const REOFFENDING_RATES_DISCLOSURE: DisclosureRule<ReoffendingRateFigures, RateCount, Rate> = {
  counts: ['members', 'reoffenders', 'offences'],
  builtOn: { binaryRate: ['members', 'reoffenders'], frequencyPer100: ['members', 'reoffenders'], perReoffender: ['members', 'reoffenders'] },
};

/** A group's figures as the caller may see them. */
export type ShownReoffendingRate = Disclosed<ReoffendingRateFigures, RateCount | Rate>;

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

/** Each group's counts from the SQL (numbers or numeric text) and its rates. */
export function reoffendingRates(rows: readonly Record<string, unknown>[]): ReoffendingRateFigures[] {
  return rows.map((r) => {
    const members = Number(r.members);
    const reoffenders = Number(r.reoffenders);
    const offences = Number(r.offences);
    return {
      group: String(r.group), members, reoffenders, offences, costPence: Number(r.cost), offencesWithoutUnitCost: Number(r.uncosted),
      binaryRate: binaryRate(reoffenders, members),
      frequencyPer100: frequencyPer100(offences, members),
      perReoffender: offencesPerReoffender(offences, reoffenders),
    };
  });
}
