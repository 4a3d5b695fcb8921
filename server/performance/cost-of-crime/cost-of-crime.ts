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

/**
 * The computed groups from the SQL's totals: Current members have no "after"; the cost during
 * membership per member and per member-year (days on the scheme to `asOf` ÷ 365.25).
 */
export function computedCosts(rows: readonly Record<string, unknown>[], unitCostTable: string | null, asOf: string, offences: OffenceScope = 'ALL'): CostRow[] {
  return rows.map((r) => {
    const members = Number(r.members);
    const duringPence = Number(r.during_pence);
    const memberYears = Number(r.member_days) / 365.25;
    return {
      group: String(r.group),
      members,
      beforePence: Number(r.before_pence),
      duringPence,
      afterPence: r.group === 'Removed' ? Number(r.after_pence) : null,
      duringPerMemberPence: members ? Math.round(duringPence / members) : null,
      duringPerMemberYearPence: memberYears ? Math.round(duringPence / memberYears) : null,
      offencesWithoutUnitCost: Number(r.uncosted),
      offenceScope: offences,
      source: 'computed',
      reference: `${COST_OF_CRIME_DEFINITION}, unit costs ${unitCostTable ?? '(none loaded)'} , as at ${asOf}`.replace(' ,', ','),
    };
  });
}
