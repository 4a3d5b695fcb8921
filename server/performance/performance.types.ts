import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { fromHundredths } from '../money/hundredths.js';
import type { CapacityView, ValueForMoneyView } from './capacity.service.js';
import { penceToPounds } from '../money/pence.js';
import { binaryRate, breakEvenOffences, costPerMemberPence, frequencyPer100, nominalsPerFte, offencesPerReoffender } from './measures.js';
import { suppress } from '../disclosure/small-counts.js';
import { CohortGrouping, type ComparisonRow, type CostRow, type RateRow, type ReoffendingRateRow as RateCounts, type SnapshotCounts, type SnapshotView } from './measures.service.js';

registerEnumType(CohortGrouping, {
  name: 'CohortGrouping',
  description: 'What a breakdown groups by. AREA: the nominal\'s hub. OFFENCE_GROUP: the CrimSec3 banding of each offence (reoffending rates only).',
});

export const SNAPSHOT_DEFINITION =
  'Cohort snapshot v1. Members: memberships with start ≤ date < end (no end: still on). Status: the latest review on or before the date ' +
  '(`unreviewed` when there is none); total = red + amber + green + inPrison + unreviewed. The period is (periodStart, date], periodStart ' +
  'defaulting to three calendar months before the date (the previous quarter end). added: memberships that started in the period. ' +
  'removed: memberships that ended in the period. reoffended: members at the date with at least one proven offence dated in the period, ' +
  'on or after their start, with its conviction or caution dated by the date. With `suppressUnder`, counts from 1 to suppressUnder − 1 are null.';

@ObjectType({ description: 'Counts of a cohort snapshot (see CohortSnapshot for the definition). Null: suppressed.' })
export class SnapshotCountsResult {
  @Field(() => String, { description: 'The group (`all` for the whole cohort).' }) group!: string;
  @Field(() => Int, { nullable: true }) total!: number | null;
  @Field(() => Int, { nullable: true }) red!: number | null;
  @Field(() => Int, { nullable: true }) amber!: number | null;
  @Field(() => Int, { nullable: true }) green!: number | null;
  @Field(() => Int, { nullable: true }) inPrison!: number | null;
  @Field(() => Int, { nullable: true }) unreviewed!: number | null;
  @Field(() => Int, { nullable: true }) added!: number | null;
  @Field(() => Int, { nullable: true }) removed!: number | null;
  @Field(() => Int, { nullable: true }) reoffended!: number | null;

  static from(counts: SnapshotCounts, under: number | null): SnapshotCountsResult {
    const s = (n: number) => suppress(n, under);
    return Object.assign(new SnapshotCountsResult(), {
      group: counts.group, total: s(counts.total), red: s(counts.red), amber: s(counts.amber), green: s(counts.green), inPrison: s(counts.inPrison),
      unreviewed: s(counts.unreviewed), added: s(counts.added), removed: s(counts.removed), reoffended: s(counts.reoffended),
    });
  }
}

@ObjectType({ description: SNAPSHOT_DEFINITION })
export class CohortSnapshot extends SnapshotCountsResult {
  @Field(() => String) partnership!: string;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) date!: string;
  @Field(() => String, { description: 'The period runs from the day after this date to `date`.' }) periodStart!: string;
  @Field(() => [SnapshotCountsResult], { description: 'The same counts broken down by `groupBy`.' }) groups!: SnapshotCountsResult[];
  @Field(() => String) definition!: string;

  static fromView(view: SnapshotView): CohortSnapshot {
    return Object.assign(new CohortSnapshot(), SnapshotCountsResult.from(view.overall, view.suppressUnder), {
      partnership: view.partnership.code,
      date: view.date,
      periodStart: view.periodStart,
      groups: view.groups.map((g) => SnapshotCountsResult.from(g, view.suppressUnder)),
      definition: SNAPSHOT_DEFINITION,
    });
  }
}

@ObjectType({
  description:
    'Pre-IOM vs live-IOM priority crime rate (priority crime rate v1), 12-month rolling. Computed rows: for month M ending on E, preRate = ' +
    'average priority offences in the 12 months before joining over memberships that started in the 24 months to E; liveRate = average ' +
    'priority offences dated in the 12 months to E over members on the scheme at E; percentChange = liveRate / preRate − 1 in whole percent ' +
    '(from unrounded rates, half away from zero). Published rows are as printed, with `reference` naming the paper.',
})
export class PriorityCrimeRateRow {
  @Field(() => String, { description: 'YYYY-MM.' }) month!: string;
  @Field(() => Float, { nullable: true }) preRate!: number | null;
  @Field(() => Float, { nullable: true }) liveRate!: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole percent, as published.' }) percentChange!: number | null;
  @Field(() => Int, { nullable: true, description: 'Members behind preRate (computed rows).' }) preMembers!: number | null;
  @Field(() => Int, { nullable: true, description: 'Members behind liveRate (computed rows).' }) liveMembers!: number | null;
  @Field(() => String, { description: '`computed` (from the hub\'s records) or `published` (as a partner printed it).' }) source!: string;
  @Field(() => String, { description: 'The definition and version, or the publication.' }) reference!: string;

  static from(row: RateRow): PriorityCrimeRateRow {
    return Object.assign(new PriorityCrimeRateRow(), row);
  }
}

@ObjectType({
  description:
    'Reoffending comparison v1: actual vs predicted proven reoffending by local area. Rates and differencePercent = (actual − predicted) / predicted are ' +
    'as published. rankByDifference and rankByActual rank within the loaded set (1 = lowest; equal values share a rank); the published ' +
    'national ranks are kept beside.',
})
export class ReoffendingComparisonRow {
  @Field(() => String, { nullable: true, description: 'Null where the publication leaves it blank.' }) localAuthority!: string | null;
  @Field(() => String) force!: string;
  @Field(() => Int) cohortSize!: number;
  @Field(() => Float, { description: 'Percent.' }) actualRate!: number;
  @Field(() => Float, { description: 'Percent.' }) predictedRate!: number;
  @Field(() => Float, { description: 'Percent.' }) differencePercent!: number;
  @Field(() => Int) rankByDifference!: number;
  @Field(() => Int) rankByActual!: number;
  @Field(() => Int, { nullable: true }) publishedRankByDifference!: number | null;
  @Field(() => Int, { nullable: true }) publishedRankByActual!: number | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String) source!: string;
  @Field(() => String) reference!: string;

  static from(row: ComparisonRow): ReoffendingComparisonRow {
    return Object.assign(new ReoffendingComparisonRow(), row);
  }
}

@ObjectType({
  description:
    'Cost of crime before / during / after membership (cost of crime v1), in pounds. Computed rows group members as Current (on the scheme at ' +
    '`asOf`) and Removed; before = unit costs of proven offences in the 24 months before the start, during = from the start to the end or ' +
    '`asOf`, after = from the end to `asOf`. Published rows are as printed (null: n/a).',
})
export class CostOfCrimeRow {
  @Field(() => String) group!: string;
  @Field(() => Float, { nullable: true }) before!: number | null;
  @Field(() => Float, { nullable: true }) during!: number | null;
  @Field(() => Float, { nullable: true }) after!: number | null;
  @Field(() => Int, { nullable: true, description: 'Memberships in the group (computed rows).' }) members!: number | null;
  @Field(() => Float, { nullable: true, description: 'during ÷ members.' }) duringPerMember!: number | null;
  @Field(() => Float, { nullable: true, description: 'during ÷ member-years on the scheme (days on the scheme to `asOf` ÷ 365.25).' }) duringPerMemberYear!: number | null;
  @Field(() => Int, { description: 'Offences whose banding has no unit cost in the table used (counted as £0).' }) offencesWithoutUnitCost!: number;
  @Field(() => String) source!: string;
  @Field(() => String) reference!: string;

  static from(row: CostRow): CostOfCrimeRow {
    const pounds = (p: number | null) => (p === null ? null : penceToPounds(p));
    return Object.assign(new CostOfCrimeRow(), {
      group: row.group, before: pounds(row.beforePence), during: pounds(row.duringPence), after: pounds(row.afterPence), members: row.members,
      duringPerMember: row.members && row.duringPence !== null ? penceToPounds(Math.round(row.duringPence / row.members)) : null,
      duringPerMemberYear: row.duringMemberYears && row.duringPence !== null ? penceToPounds(Math.round(row.duringPence / row.duringMemberYears)) : null,
      offencesWithoutUnitCost: row.offencesWithoutUnitCost, source: row.source, reference: row.reference,
    });
  }
}

@ObjectType({
  description:
    'Reoffending rates v1 over (from, to]. members: on the scheme at any time in the window. A proven offence counts when dated in the window ' +
    'while on the scheme and proven by `to`. binaryRate = reoffenders ÷ members (percent); frequencyPer100 = offences × 100 ÷ members; ' +
    'perReoffender = offences ÷ reoffenders; cost = Σ unit cost of each offence. By OFFENCE_GROUP, members is the whole cohort.',
})
export class ReoffendingRateRow {
  @Field(() => String) group!: string;
  @Field(() => Int, { nullable: true }) members!: number | null;
  @Field(() => Int, { nullable: true }) reoffenders!: number | null;
  @Field(() => Int, { nullable: true }) offences!: number | null;
  @Field(() => Float, { nullable: true, description: 'Percent.' }) binaryRate!: number | null;
  @Field(() => Float, { nullable: true }) frequencyPer100!: number | null;
  @Field(() => Float, { nullable: true }) perReoffender!: number | null;
  @Field(() => Float, { description: 'Cost of offending in pounds.' }) cost!: number;
  @Field(() => Int) offencesWithoutUnitCost!: number;

  static from(row: RateCounts, under: number | null): ReoffendingRateRow {
    const hidden = under !== null && (suppress(row.members, under) === null || suppress(row.reoffenders, under) === null);
    return Object.assign(new ReoffendingRateRow(), {
      group: row.group,
      members: suppress(row.members, under),
      reoffenders: suppress(row.reoffenders, under),
      offences: suppress(row.offences, under),
      binaryRate: hidden ? null : binaryRate(row.reoffenders, row.members),
      frequencyPer100: hidden ? null : frequencyPer100(row.offences, row.members),
      perReoffender: hidden ? null : offencesPerReoffender(row.offences, row.reoffenders),
      cost: penceToPounds(row.costPence),
      offencesWithoutUnitCost: row.offencesWithoutUnitCost,
    });
  }
}

@ObjectType({ description: 'Reoffending rates v1 for a window, grouped.' })
export class ReoffendingRates {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => CohortGrouping) groupBy!: CohortGrouping;
  @Field(() => String, { nullable: true, description: 'The unit-cost table used for cost of offending.' }) unitCostTable!: string | null;
  @Field(() => [ReoffendingRateRow]) rows!: ReoffendingRateRow[];
}

@InputType({ description: 'Staff in post of a grade, for nominals per FTE.' })
export class StaffInPostInput {
  @Field(() => String, { description: 'The grade as the staffing standard names it, e.g. `Police officer`.' }) grade!: string;
  @Field(() => Float) fte!: number;
}

@ObjectType({ description: 'One staffing standard against the cohort (capacity v1).' })
export class CapacityRow {
  @Field(() => String) grade!: string;
  @Field(() => String, { nullable: true, description: 'The caseload (statutory status) the standard covers; null for the whole cohort.' }) caseload!: string | null;
  @Field(() => Float, { description: 'Standard FTE per `perNominals` nominals.' }) standardFte!: number;
  @Field(() => Int) perNominals!: number;
  @Field(() => Int, { description: 'Members at the date the standard applies to.' }) nominals!: number;
  @Field(() => Float, { description: '⌈nominals × standardFte ÷ perNominals⌉ to the hundredth.' }) fteNeeded!: number;
  @Field(() => Float, { nullable: true, description: 'Staff in post of the grade, when given.' }) staffFte!: number | null;
  @Field(() => Float, { nullable: true, description: 'Members covered by all of this grade\'s standards ÷ staffFte.' }) nominalsPerFte!: number | null;
  @Field(() => Float, { description: 'The standard as nominals per FTE: perNominals ÷ standardFte.' }) standardNominalsPerFte!: number;
}

@ObjectType({ description: 'Capacity v1: members on the scheme at the date against the partnership\'s staffing standards.' })
export class Capacity {
  @Field(() => String) partnership!: string;
  @Field(() => String) date!: string;
  @Field(() => Int) members!: number;
  @Field(() => [CapacityRow]) rows!: CapacityRow[];

  static from(view: CapacityView): Capacity {
    return Object.assign(new Capacity(), {
      partnership: view.partnership, date: view.date, members: view.members,
      rows: view.rows.map((r) => {
        const gradeNominals = view.rows.filter((other) => other.grade === r.grade).reduce((sum, other) => sum + other.nominals, 0);
        return Object.assign(new CapacityRow(), {
        grade: r.grade, caseload: r.caseload, standardFte: fromHundredths(r.standardFteHundredths), perNominals: r.perNominals, nominals: r.nominals,
        fteNeeded: fromHundredths(r.fteNeededHundredths), staffFte: r.staffFteHundredths === null ? null : fromHundredths(r.staffFteHundredths),
        nominalsPerFte: r.staffFteHundredths === null ? null : nominalsPerFte(gradeNominals, fromHundredths(r.staffFteHundredths)),
        standardNominalsPerFte: nominalsPerFte(r.perNominals, fromHundredths(r.standardFteHundredths)) ?? 0,
      });
      }),
    });
  }
}

@ObjectType({
  description:
    'Value for money v1 for a financial year. runningCost = establishment budget + non-pay costs. managed = memberships on the scheme at any ' +
    'time in the year. costPerManagedOffender = runningCost ÷ managed. averageOffenceCost = mean unit cost of the partnership\'s proven ' +
    'offences dated in the year. breakEvenOffences = ⌈runningCost ÷ averageOffenceCost⌉: offences the scheme must prevent to pay for itself.',
})
export class ValueForMoney {
  @Field(() => String) partnership!: string;
  @Field(() => String) financialYear!: string;
  @Field(() => Float) runningCost!: number;
  @Field(() => Boolean, { description: 'False when some establishment lines have no budget (runningCost is then the known part).' }) runningCostComplete!: boolean;
  @Field(() => Int) managed!: number;
  @Field(() => Float, { nullable: true }) costPerManagedOffender!: number | null;
  @Field(() => Int, { description: 'Costed offences behind averageOffenceCost.' }) offences!: number;
  @Field(() => Float, { nullable: true }) averageOffenceCost!: number | null;
  @Field(() => Int, { nullable: true }) breakEvenOffences!: number | null;
  @Field(() => String, { nullable: true }) unitCostTable!: string | null;

  static from(view: ValueForMoneyView): ValueForMoney {
    const perMember = costPerMemberPence(view.runningCostPence, view.managed);
    return Object.assign(new ValueForMoney(), {
      partnership: view.partnership, financialYear: view.financialYear, runningCost: penceToPounds(view.runningCostPence), runningCostComplete: view.runningCostComplete,
      managed: view.managed, costPerManagedOffender: perMember === null ? null : penceToPounds(perMember), offences: view.offences,
      averageOffenceCost: view.averageOffenceCostPence === null ? null : penceToPounds(view.averageOffenceCostPence),
      breakEvenOffences: view.averageOffenceCostPence === null ? null : breakEvenOffences(view.runningCostPence, view.averageOffenceCostPence),
      unitCostTable: view.unitCostTable,
    });
  }
}
