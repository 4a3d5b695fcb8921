import { costOf, type CostedCount, type Disclosed, type DisclosureRule } from '../../disclosure/small-counts.js';
import type { Engine } from '../../db/dialect.js';
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

/**
 * Parts of the members the reoffending-rates statement is run in at once, on as many reader
 * connections: by a grouping of members, two on SQLite (each statement runs on a thread of its
 * own) and two on PostgreSQL for named partnerships (`byMember`: each part reads its own members'
 * offences, on a server process of its own; over every partnership each part would read the
 * whole window's offences again), else one. By OFFENCE_GROUP each banding's row counts the whole
 * cohort as members, which a part without offences of that banding could not add, so it runs whole.
 */
export const reoffendingRatesPartCount = (engine: Engine, groupBy: CohortGrouping, byMember = false): number =>
  groupBy !== 'OFFENCE_GROUP' && (engine === 'sqlite' || byMember) ? 2 : 1;

const COUNTED = ['members', 'reoffenders', 'offences', 'uncosted'] as const;

/** A group's value as SQLite tells groups apart: by storage class, then value. */
const groupKey = (value: unknown): string => (value === null || value === undefined ? 'null' : `${typeof value === 'string' ? 'text' : 'number'}:${String(value)}`);

/**
 * SQLite's order of a group's values (ORDER BY with the BINARY collation): NULL, then numbers by
 * value, then text by its UTF-8 bytes.
 */
export function sqliteOrder(a: unknown, b: unknown): number {
  const rank = (value: unknown) => (value === null || value === undefined ? 0 : typeof value === 'string' ? 2 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 1) return Number(a) - Number(b);
  if (rank(a) === 2) return Buffer.compare(Buffer.from(a as string, 'utf8'), Buffer.from(b as string, 'utf8'));
  return 0;
}

/**
 * The statement's rows for every member (by a grouping of members) from its rows for each part of
 * them, groups in the statement's order (`order`: SQLite's unless given): per group, members,
 * reoffenders and offences added up (a member is in one part), and per group and unit cost the
 * offences; a group without costed offences keeps its one row with no unit cost. One part's rows
 * are returned as they are.
 */
export function reoffendingRatesParts(parts: readonly (readonly Record<string, unknown>[])[], order: (a: unknown, b: unknown) => number = sqliteOrder): Record<string, unknown>[] {
  if (parts.length === 1) return [...parts[0]];
  const groups = new Map<string, { group: unknown; counts: Record<(typeof COUNTED)[number], number>; costs: Map<number, number> }>();
  for (const rows of parts) {
    for (const [first, ...rest] of rowsByKey(rows, (r) => groupKey(r.group))) {
      const key = groupKey(first.group);
      const group = groups.get(key) ?? { group: first.group, counts: { members: 0, reoffenders: 0, offences: 0, uncosted: 0 }, costs: new Map() };
      groups.set(key, group);
      for (const column of COUNTED) group.counts[column] += Number(first[column] ?? 0);
      for (const row of [first, ...rest]) {
        if (row.unit_cost === null || row.unit_cost === undefined) continue;
        const cost = Number(row.unit_cost);
        group.costs.set(cost, (group.costs.get(cost) ?? 0) + Number(row.costed ?? 0));
      }
    }
  }
  return [...groups.values()].sort((a, b) => order(a.group, b.group)).flatMap(({ group, counts, costs }) => {
    const costed = [...costs].sort(([a], [b]) => a - b);
    const rows = costed.length ? costed.map(([unit_cost, count]) => ({ unit_cost, costed: count })) : [{ unit_cost: null, costed: null }];
    return rows.map((row) => ({ group, ...counts, ...row }));
  });
}
