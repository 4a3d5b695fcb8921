import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { Label, Measure } from '../../units/label.js';
import { Count, Money, Percent, Weight } from '../../units/scalars.js';
import { fromHundredths, optionalFromHundredths } from '../../money/hundredths.js';
import { optionalPenceToPounds, penceToPounds } from '../../money/pence.js';
import type { ShareOfCost } from './cost-share.js';
import { CostShareBasis, CostShareStatus } from './cost-share-agreement.entity.js';
import type { ShareChange } from './cost-share-diff.js';
import type { CostShareDiffView, CostShareView } from './cost-share.service.js';

/** What a weight reads as: a percent or an FTE from hundredths, a cohort or population as it is. */
const weightOf = (basis: CostShareBasis, weight: number) => (basis === 'FIXED_PERCENTAGES' || basis === 'PRO_RATA_FTE_HOSTED' ? fromHundredths(weight) : weight);
const optionalWeightOf = (basis: CostShareBasis, weight: number | null) => (weight === null ? null : weightOf(basis, weight));

@ObjectType({ description: 'One agency\'s share of a cost.' })
export class AgencyShare {
  @Field(() => String, { description: 'Agency name (as it was when agreed, for an agreed version).' })
  @Label('Agency')
  agency!: string;

  @Field(() => String, { description: 'Agency code.' })
  @Label('Agency code')
  agencyCode!: string;

  @Field(() => Percent, { description: 'Share in percent (56.5 means 56.5%); the shares add up to 100.' })
  @Label('Share')
  percent!: number;

  @Field(() => Money, { description: 'Contribution in pounds; the contributions add up to the total to the penny.' })
  @Label('Contribution')
  contribution!: number;

  @Field(() => Weight, { description: 'What the share is in proportion to: the percent, the cohort, the FTE hosted or the population.' })
  @Label('Weight')
  weight!: number;

  static from(share: ShareOfCost, name: string, basis: CostShareBasis): AgencyShare {
    return Object.assign(new AgencyShare(), {
      agency: name,
      agencyCode: share.agency,
      percent: fromHundredths(share.percentHundredths),
      contribution: penceToPounds(share.contributionPence),
      weight: weightOf(basis, share.weight),
    });
  }
}

/** The fields every version of a cost share has, current or listed. */
function versionFields(view: CostShareView) {
  const { frozen } = view;
  return {
    basis: view.basis,
    status: view.status,
    agreedAt: frozen?.agreedAt ?? (view.status === 'AGREED' ? (view.agreement.agreedAt ?? null) : null),
    agreedBy: frozen?.agreedBy ?? null,
    note: frozen?.note ?? null,
    total: penceToPounds(view.totalPence),
    totalComplete: view.totalComplete,
    shares: view.shares.map((share) => AgencyShare.from(share, share.agencyName, view.basis)),
    frozen: frozen !== null,
    unallocated: penceToPounds(view.unallocatedPence),
  };
}

export const COST_SHARE = measureDefinition(
  'Cost share',
  1,
  'Each agency\'s weight (a percentage in hundredths, its cohort, the FTE it hosts in the year\'s establishment, or its population) divided by ' +
    'the total weight; contributions and percentages rounded by the largest-remainder method on whole pence, so they sum exactly. The shared ' +
    'total is the establishment budget: as agreed for an agreed version (frozen), as it is now for a draft.',
);

@Measure('Cost share', 1)
@ObjectType({
  description:
    'How a partnership shares its establishment budget for a year between agencies: the current version, agreed or draft (`status`). ' +
    'An agreed version\'s figures are frozen as they were agreed; if the establishment changed since, `unallocated` and `variance` say by how much, ' +
    'and nothing is reallocated until the plan is reopened and agreed again. A draft is worked out from the establishment as it is now. ' +
    'Contributions are split by the largest-remainder method on whole pence, so they always add up to the total exactly.',
})
export class CostShare {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return COST_SHARE;
  }

  @Field(() => String)
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => CostShareBasis)
  @Label('Basis')
  basis!: CostShareBasis;

  @Field(() => CostShareStatus, { description: 'Which the current version is: AGREED (frozen) or DRAFT.' })
  @Label('Status')
  status!: CostShareStatus;

  @Field(() => Int, { description: 'Send back as `expectedVersion` to change, agree or reopen this cost share (it moves on with every change).' })
  @Label('Version')
  version!: number;

  @Field(() => Int, { description: 'This version\'s number in `costShareVersions`: 1 for the first; reopening an agreed version starts the next.' })
  planVersion!: number;

  @Field(() => Boolean, { description: 'True when the figures are an agreed version\'s, frozen when it was agreed (false for a draft, or a plan agreed before the hub kept versions).' })
  frozen!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  agreedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who agreed this version: the label of their token.' })
  agreedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'The minute reference or note given when it was agreed.' })
  note!: string | null;

  @Field(() => Money, { description: 'The establishment budget being shared, in pounds: as agreed, or as it is now for a draft.' })
  @Label('Total shared')
  total!: number;

  @Field(() => Boolean, { description: 'False when some establishment lines have no budget and so are not in the total.' })
  totalComplete!: boolean;

  @Field(() => Money, { description: 'The year\'s establishment budget now, in pounds.' })
  establishmentTotal!: number;

  @Field(() => Money, { description: 'The establishment now less what the shares allocate, in pounds: cost an agreed version does not cover (negative: agreed but no longer in the establishment). 0 for a draft, unless its weights are all zero.' })
  unallocated!: number;

  @Field(() => String, { nullable: true, description: 'The variance in words, e.g. "agreed on £1,023,944.00; establishment now £1,030,351.00; £6,407.00 not allocated"; null when there is none.' })
  variance!: string | null;

  @Field(() => [AgencyShare])
  shares!: AgencyShare[];

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  static from(view: CostShareView): CostShare {
    const { agreement, frozen } = view;
    return Object.assign(new CostShare(), {
      ...versionFields(view),
      partnership: view.partnership.code,
      financialYear: view.year.label,
      version: agreement.version,
      planVersion: view.planVersion,
      establishmentTotal: penceToPounds(view.establishmentPence),
      variance: view.variance,
      notes: frozen ? (frozen.notes ?? null) : (agreement.notes ?? null),
      source: frozen ? (frozen.source ?? null) : (agreement.source ?? null),
    });
  }
}

@ObjectType('CostShareVersion', { description: 'One version of a year\'s cost share: an agreed one as it was agreed (frozen), or the draft as it works out now.' })
export class CostShareVersionResult {
  @Field(() => Int, { description: '1 for the first; each reopen starts the next.' })
  version!: number;

  @Field(() => CostShareStatus)
  status!: CostShareStatus;

  @Field(() => Boolean, { description: 'Whether this is the plan\'s current version (what `costShare` answers).' })
  current!: boolean;

  @Field(() => Boolean, { description: 'True for an agreed version whose figures were frozen when it was agreed.' })
  frozen!: boolean;

  @Field(() => CostShareBasis)
  basis!: CostShareBasis;

  @Field(() => Money, { description: 'The establishment budget shared, in pounds.' })
  total!: number;

  @Field(() => Boolean)
  totalComplete!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  agreedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who agreed it: the label of their token (`the hub` for demo data and the command line).' })
  agreedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'The minute reference or note given when it was agreed.' })
  note!: string | null;

  @Field(() => Money, { description: 'The establishment now less what this version allocates, in pounds (as `CostShare.unallocated`).' })
  unallocated!: number;

  @Field(() => [AgencyShare])
  shares!: AgencyShare[];

  static from(view: CostShareView, current: boolean): CostShareVersionResult {
    return Object.assign(new CostShareVersionResult(), { ...versionFields(view), version: view.planVersion, current });
  }
}

@ObjectType({ description: 'One agency\'s part in two versions of a cost share; null where the agency has no part in that version.' })
export class AgencyShareChange {
  @Field(() => String)
  agency!: string;

  @Field(() => String)
  agencyCode!: string;

  @Field(() => Weight, { nullable: true })
  weightFrom!: number | null;

  @Field(() => Weight, { nullable: true })
  weightTo!: number | null;

  @Field(() => Percent, { nullable: true, description: 'Percent in the first version.' })
  percentFrom!: number | null;

  @Field(() => Percent, { nullable: true })
  percentTo!: number | null;

  @Field(() => Percent, { description: 'Percentage points: percentTo − percentFrom (a missing part counts as 0).' })
  percentChange!: number;

  @Field(() => Money, { nullable: true, description: 'Contribution in the first version, in pounds.' })
  contributionFrom!: number | null;

  @Field(() => Money, { nullable: true })
  contributionTo!: number | null;

  @Field(() => Money, { description: 'Pounds: contributionTo − contributionFrom (a missing part counts as 0).' })
  contributionChange!: number;

  static from(change: ShareChange, basisFrom: CostShareBasis, basisTo: CostShareBasis): AgencyShareChange {
    return Object.assign(new AgencyShareChange(), {
      agency: change.agencyName,
      agencyCode: change.agency,
      weightFrom: optionalWeightOf(basisFrom, change.weightFrom),
      weightTo: optionalWeightOf(basisTo, change.weightTo),
      percentFrom: optionalFromHundredths(change.percentFromHundredths),
      percentTo: optionalFromHundredths(change.percentToHundredths),
      percentChange: fromHundredths(change.percentChangeHundredths),
      contributionFrom: optionalPenceToPounds(change.contributionFromPence),
      contributionTo: optionalPenceToPounds(change.contributionToPence),
      contributionChange: penceToPounds(change.contributionChangePence),
    });
  }
}

@ObjectType({ description: 'Two versions of a cost share side by side: each agency\'s old and new percentage and contribution.' })
export class CostShareDiff {
  @Field(() => String)
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => Int, { nullable: true, description: 'The first version\'s number; null for a preview of a year with no cost share yet.' })
  from!: number | null;

  @Field(() => CostShareStatus, { nullable: true })
  fromStatus!: CostShareStatus | null;

  @Field(() => Int, { description: 'The second version\'s number (for a preview: the version the draft would be).' })
  to!: number;

  @Field(() => CostShareStatus)
  toStatus!: CostShareStatus;

  @Field(() => CostShareBasis, { nullable: true })
  basisFrom!: CostShareBasis | null;

  @Field(() => CostShareBasis)
  basisTo!: CostShareBasis;

  @Field(() => Money, { nullable: true })
  totalFrom!: number | null;

  @Field(() => Money)
  totalTo!: number;

  @Field(() => Money)
  totalChange!: number;

  @Field(() => Count, { description: 'How many agencies\' weight, percentage or contribution differ.' })
  changed!: number;

  @Field(() => [AgencyShareChange])
  shares!: AgencyShareChange[];

  static from(view: CostShareDiffView): CostShareDiff {
    const { from, to, changes } = view;
    return Object.assign(new CostShareDiff(), {
      partnership: view.partnership.code,
      financialYear: view.year.label,
      from: from?.planVersion ?? null,
      fromStatus: from?.status ?? null,
      to: to.planVersion,
      toStatus: to.status,
      basisFrom: from ? changes.basisFrom : null,
      basisTo: changes.basisTo,
      totalFrom: from ? penceToPounds(changes.totalFromPence) : null,
      totalTo: penceToPounds(changes.totalToPence),
      totalChange: penceToPounds(changes.totalChangePence),
      changed: changes.changed,
      shares: changes.shares.map((change) => AgencyShareChange.from(change, changes.basisFrom, changes.basisTo)),
    });
  }
}
