import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Partnership } from '../partnership.entity.js';
import { fromHundredths } from '../../money/hundredths.js';
import { Label } from '../../units/label.js';
import { Count, DateScalar, Fte } from '../../units/scalars.js';

/** A staffing standard: so much FTE of a grade per so many nominals (Pan London: one police officer per 40). */
@Entity({ tableName: 'staffing_ratio' })
@ObjectType({ description: 'A staffing standard: FTE of a grade per so many nominals, optionally for one caseload (e.g. NPS or CRC).' })
export class StaffingRatio {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The caseload the ratio applies to, e.g. `NPS` or `CRC`; null for the whole cohort.' })
  caseload?: string | null;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Grade or role, e.g. `Offender manager`, `Police officer`.' })
  grade!: string;

  @Property({ type: 'integer' })
  fteHundredths!: number;

  @Property({ type: 'integer' })
  @Field(() => Count, { description: 'Per how many nominals (Pan London: 40).' })
  @Label('Per nominals')
  perNominals!: number;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  source?: string | null;

  @Field(() => Fte, { description: 'FTE per `perNominals` nominals.' })
  @Label('Posts')
  get fte(): number {
    return fromHundredths(this.fteHundredths);
  }
}

/** A cohort size the partnership has committed to reach (Barnet: 56 → 200 by 31 March 2016). */
@Entity({ tableName: 'cohort_target' })
@ObjectType({ description: 'A cohort size the partnership has committed to reach by a date.' })
export class CohortTarget {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'integer' })
  @Field(() => Count, { description: 'Cohort size when the target was set.' })
  @Label('Baseline')
  baseline!: number;

  @Property({ type: 'string' })
  @Field(() => DateScalar, { description: 'Date of the baseline, YYYY-MM-DD.' })
  @Label('Baseline date')
  baselineDate!: string;

  @Property({ type: 'integer' })
  @Field(() => Count)
  @Label('Target')
  target!: number;

  @Property({ type: 'string' })
  @Field(() => DateScalar, { description: 'Date by which the target is to be reached, YYYY-MM-DD.' })
  @Label('Target date')
  targetDate!: string;

  /** The sizes the partnership plans to reach on the way, by date (Barnet splits the growth between 2014/15 and 2015/16). */
  @Property({ type: 'json', nullable: true })
  @Field(() => [CohortPhase], { nullable: true, description: 'Sizes planned by dates between the baseline and the target.' })
  phases?: CohortPhase[] | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  source?: string | null;
}

/** A size a cohort target plans to reach by a date on the way to the target. */
@ObjectType({ description: 'A step of a cohort target: the size planned by a date.' })
export class CohortPhase {
  @Field(() => String, { description: 'YYYY-MM-DD.' })
  date!: string;

  @Field(() => Count)
  size!: number;
}

/** How many nominals the partnership is staffed to manage from a date (Norfolk & Suffolk: 150). */
@Entity({ tableName: 'cohort_capacity' })
@Unique({ properties: ['partnership', 'fromDate'] })
@ObjectType({ description: 'How many nominals the partnership is staffed to manage, from a date (Norfolk & Suffolk: 150, AP14/73 3.2).' })
export class CohortCapacity {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'integer' })
  @Field(() => Count)
  capacity!: number;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'In force from this date (YYYY-MM-DD) until a later one.' })
  fromDate!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  source?: string | null;
}
