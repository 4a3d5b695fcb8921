import { costOf, type CostedCount, type DisclosureRule } from '../../disclosure/small-counts.js';
import { costedCounts, rowsByKey } from '../costed-offences.js';

/** A group's cost of crime, computed from the hub's records or as a partner published it, in pence. */
export interface CostRow {
  group: string;
  members: number | null;
  beforePence: number | null;
  duringPence: number | null;
  afterPence: number | null;
  /** during ÷ members, to the penny. */
  duringPerMemberPence: number | null;
  /** during ÷ member-years on the scheme (days ÷ 365.25), to the penny. */
  duringPerMemberYearPence: number | null;
  offencesWithoutUnitCost: number;
  source: 'computed' | 'published';
  reference: string;
}

export const COST_OF_CRIME_DEFINITION = 'cost of crime v1';

const optionalNumber = (value: unknown) => (value === null ? null : Number(value));

/** The published rows as printed (null: n/a). */
export function publishedCosts(rows: readonly Record<string, unknown>[]): CostRow[] {
  return rows.map((r) => ({
    group: String(r.group),
    members: null,
    beforePence: optionalNumber(r.before_pence),
    duringPence: optionalNumber(r.during_pence),
    afterPence: optionalNumber(r.after_pence),
    duringPerMemberPence: null,
    duringPerMemberYearPence: null,
    offencesWithoutUnitCost: 0,
    source: 'published',
    reference: String(r.source),
  }));
}

/** What the SQL counts for a group of members: their days on the scheme, and their offences by unit cost before, during and after. */
export interface GroupCounts {
  group: string;
  members: number;
  /** Null when not shown (to a board: it grows by the number of members each day). */
  memberDays: number | null;
  before: CostedCount[];
  during: CostedCount[];
  after: CostedCount[];
  offencesWithoutUnitCost: number;
}

/** Each group's counts from the SQL's rows (one per group and unit cost; numbers or numeric text). */
export function groupCounts(rows: readonly Record<string, unknown>[]): GroupCounts[] {
  return rowsByKey(rows, (r) => String(r.group)).map((group) => {
    const [r] = group;
    return {
      group: String(r.group), members: Number(r.members), memberDays: Number(r.member_days),
      before: costedCounts(group, 'before_n'), during: costedCounts(group, 'during_n'), after: costedCounts(group, 'after_n'),
      offencesWithoutUnitCost: group.reduce((sum, row) => sum + Number(row.uncosted ?? 0), 0),
    };
  });
}

/**
 * A computed group from its counts: the cost of its offences before, during and after (Current
 * members have no "after"), and during membership per member and per member-year (days on the
 * scheme to `asOf` ÷ 365.25).
 */
export function computedCost(c: GroupCounts, unitCostTable: string | null, asOf: string): CostRow {
  const duringPence = costOf(c.during);
  const memberYears = c.memberDays === null ? 0 : c.memberDays / 365.25;
  return {
    group: c.group,
    members: c.members,
    beforePence: costOf(c.before),
    duringPence,
    afterPence: c.group === 'Removed' ? costOf(c.after) : null,
    duringPerMemberPence: c.members ? Math.round(duringPence / c.members) : null,
    duringPerMemberYearPence: memberYears ? Math.round(duringPence / memberYears) : null,
    offencesWithoutUnitCost: c.offencesWithoutUnitCost,
    source: 'computed',
    reference: `${COST_OF_CRIME_DEFINITION}, unit costs ${unitCostTable ?? '(none loaded)'} , as at ${asOf}`.replace(' ,', ','),
  };
}

/**
 * Members and offences (by unit cost, and without one) are counts; a group is there because it has
 * members; member-days are not shown to a board, since two dates a month apart would give away
 * how many members a group has (member-days grow by that many each day).
 */
export function costOfCrimeDisclosure(unitCostTable: string | null, asOf: string): DisclosureRule<GroupCounts, CostRow> {
  return {
    counts: ['members', 'offencesWithoutUnitCost'],
    costed: ['before', 'during', 'after'],
    withheld: ['memberDays'],
    presence: ['members'],
    derive: (counts) => computedCost(counts, unitCostTable, asOf),
  };
}
