import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { fromHundredths, optionalFromHundredths } from '../../money/hundredths.js';
import type { CapacityView } from './capacity.service.js';
import { Label, Measure } from '../../units/label.js';
import { Count, DateScalar, Fte, RatePerFte } from '../../units/scalars.js';

@InputType({ description: 'Staff in post of a grade, for nominals per FTE.' })
export class StaffInPostInput {
  @Field(() => String, { description: 'The grade as the staffing standard names it, e.g. `Police officer`.' }) grade!: string;
  @Field(() => Float) fte!: number;
}

@ObjectType({ description: 'One staffing standard against the cohort (capacity v1).' })
export class CapacityRow {
  @Field(() => String) grade!: string;
  @Field(() => String, { nullable: true, description: 'The caseload (statutory status) the standard covers; null for the whole cohort.' }) caseload!: string | null;
  @Field(() => Fte, { description: 'Standard FTE per `perNominals` nominals.' }) @Label('Standard posts') standardFte!: number;
  @Field(() => Count) @Label('Per nominals') perNominals!: number;
  @Field(() => Count, { description: 'Members at the date the standard applies to.' }) @Label('Nominals') nominals!: number;
  @Field(() => Fte, { description: '⌈nominals × standardFte ÷ perNominals⌉ to the hundredth.' }) @Label('Posts needed') fteNeeded!: number;
  @Field(() => Fte, { nullable: true, description: 'Staff in post of the grade, when given.' }) @Label('Staff in post') staffFte!: number | null;
  @Field(() => RatePerFte, { nullable: true, description: 'Members covered by all of this grade\'s standards ÷ staffFte.' }) @Label('Caseload', { unit: 'nominals per FTE' }) nominalsPerFte!: number | null;
  @Field(() => RatePerFte, { description: 'The standard as nominals per FTE: perNominals ÷ standardFte.' }) @Label('Standard caseload', { unit: 'nominals per FTE' }) standardNominalsPerFte!: number;
}

export const CAPACITY = measureDefinition(
  'Capacity',
  1,
  'Members on the scheme at the date (as the cohort snapshot); for each staffing standard, fteNeeded = ⌈nominals × FTE ÷ per-nominals⌉ to the ' +
    'hundredth, a caseload standard counting only members of that statutory status; with staff in post, nominalsPerFte = members covered by ' +
    'the grade\'s standards ÷ its FTE, beside the standard\'s own nominals per FTE. Board tokens: members and nominals are the cohort ' +
    'snapshot\'s as a board sees it (rounded to base 5, at the last month end on or before the date), and fteNeeded and nominalsPerFte are ' +
    'worked out from them.',
);

@Measure('Capacity', 1)
@ObjectType({
  description:
    'Capacity v1: members on the scheme at the date against the partnership\'s staffing standards. Board tokens: members and nominals are ' +
    'the cohort snapshot\'s as a board sees it (rounded to base 5, at the last month end on or before the date), and fteNeeded and ' +
    'nominalsPerFte are worked out from them.',
})
export class Capacity {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return CAPACITY;
  }

  @Field(() => String) partnership!: string;
  @Field(() => DateScalar) @Label('Date') date!: string;
  @Field(() => Count) @Label('Members') members!: number;
  @Field(() => Count, { nullable: true, description: 'Places the partnership is staffed for on the date (Norfolk & Suffolk: 150); null when none is recorded.' }) @Label('Cohort capacity') cohortCapacity!: number | null;
  @Field(() => String, { nullable: true, description: 'Where the capacity comes from, and from when.' }) @Label('Capacity source') cohortCapacitySource!: string | null;
  @Field(() => [CapacityRow]) rows!: CapacityRow[];

  static from(view: CapacityView): Capacity {
    return Object.assign(new Capacity(), {
      partnership: view.partnership, date: view.date, members: view.members, cohortCapacity: view.cohortCapacity?.capacity ?? null,
      cohortCapacitySource: view.cohortCapacity ? `${view.cohortCapacity.source ?? 'recorded'} (from ${view.cohortCapacity.fromDate})` : null,
      rows: view.rows.map((r) => Object.assign(new CapacityRow(), {
        grade: r.grade, caseload: r.caseload, standardFte: fromHundredths(r.standardFteHundredths), perNominals: r.perNominals, nominals: r.nominals,
        fteNeeded: fromHundredths(r.fteNeededHundredths), staffFte: optionalFromHundredths(r.staffFteHundredths),
        nominalsPerFte: r.nominalsPerFte, standardNominalsPerFte: r.standardNominalsPerFte,
      })),
    });
  }
}
