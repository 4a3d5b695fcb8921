import { costOf, type CostedCount, type DisclosureRule } from '../../disclosure/small-counts.js';
import { costedCounts, rowsByKey } from '../costed-offences.js';
import type { OffenceScope } from '../offence-scope.js';

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
  /** The offences costed (computed rows); null for a published row, whose paper does not say. */
  offenceScope: OffenceScope | null;
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
    offenceScope: null,
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

/**
 * Parts of the members the cost-of-crime statement is run in at once, on as many reader
 * connections: two on both engines. On SQLite each statement runs on a thread of its own (half
 * the time at scale M); on PostgreSQL each on a server process of its own, where the one statement
 * reads its spells once into a CTE that keeps the offences' read on one core (no parallel plan
 * can read a CTE): two halves at once took 33–34 ms at M against 56 ms whole.
 */
export const COST_OF_CRIME_PARTS = 2;

const COUNTED = ['before_n', 'during_n', 'after_n', 'uncosted'] as const;

/**
 * The statement's rows for every member from its rows for each part of them: per group, members
 * and member-days added up, and per group and unit cost the offences. A group's row with no
 * offences (no unit cost, no counts) stays only when no part has offences for that group. Groups
 * by name, then unit costs ascending, the one without a unit cost first.
 */
export function costOfCrimeParts(parts: readonly (readonly Record<string, unknown>[])[]): Record<string, unknown>[] {
  const groups = new Map<string, { members: number; member_days: number; costs: Map<string, Record<string, unknown>> }>();
  for (const rows of parts) {
    for (const [first, ...rest] of rowsByKey(rows, (r) => String(r.group))) {
      const group = groups.get(String(first.group)) ?? { members: 0, member_days: 0, costs: new Map() };
      groups.set(String(first.group), group);
      group.members += Number(first.members);
      group.member_days += Number(first.member_days);
      for (const row of [first, ...rest]) {
        if (row.before_n === null || row.before_n === undefined) continue;
        const key = row.unit_cost === null || row.unit_cost === undefined ? '' : String(row.unit_cost);
        const sum = group.costs.get(key) ?? { unit_cost: key === '' ? null : Number(key), before_n: 0, during_n: 0, after_n: 0, uncosted: 0 };
        for (const column of COUNTED) sum[column] = Number(sum[column]) + Number(row[column] ?? 0);
        group.costs.set(key, sum);
      }
    }
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([name, { members, member_days, costs }]) => {
    const sums = [...costs.values()].sort((a, b) => (a.unit_cost === null ? -1 : b.unit_cost === null ? 1 : Number(a.unit_cost) - Number(b.unit_cost)));
    const rows = sums.length ? sums : [{ unit_cost: null, before_n: null, during_n: null, after_n: null, uncosted: 0 }];
    return rows.map((sum) => ({ group: name, members, member_days, ...sum }));
  });
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
export function computedCost(c: GroupCounts, unitCostTable: string | null, asOf: string, offences: OffenceScope = 'ALL'): CostRow {
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
    offenceScope: offences,
    source: 'computed',
    reference: `${COST_OF_CRIME_DEFINITION}, unit costs ${unitCostTable ?? '(none loaded)'} , as at ${asOf}`.replace(' ,', ','),
  };
}

/**
 * Members and offences (by unit cost, and without one) are counts; a group is there because it has
 * members; member-days are not shown to a board, since two dates a month apart would give away
 * how many members a group has (member-days grow by that many each day).
 */
export function costOfCrimeDisclosure(unitCostTable: string | null, asOf: string, offences: OffenceScope = 'ALL'): DisclosureRule<GroupCounts, CostRow> {
  return {
    counts: ['members', 'offencesWithoutUnitCost'],
    costed: ['before', 'during', 'after'],
    withheld: ['memberDays'],
    presence: ['members'],
    derive: (counts) => computedCost(counts, unitCostTable, asOf, offences),
  };
}
