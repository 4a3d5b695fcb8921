import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Label } from '../units/label.js';
import { Money } from '../units/scalars.js';

/** One CrimSec3 code of the Home Office banding (the Norfolk & Suffolk paper's priority-crime table). */
@Entity({ tableName: 'crime_category' })
@ObjectType({ description: 'A CrimSec3 crime code with its banding, crime group and whether it is a priority crime.' })
export class CrimeCategory {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @Property({ type: 'string', unique: true })
  @Field(() => String, { description: 'CrimSec3 code as published, e.g. `28A` or `37.2`.' })
  code!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'The CrimSec3 description, e.g. "Burglary in a Dwelling".' })
  description!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Banding, e.g. "Burglary Dwelling", "Robbery". Offence-group breakdowns group by this.' })
  banding!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Crime group, e.g. "Priority".' })
  crimeGroup!: string;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'Counts as a priority crime for the priority crime rate.' })
  priority!: boolean;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  source?: string | null;
}

/** The cost of one offence of a banding, under one version of a unit-cost table. */
@Entity({ tableName: 'unit_cost_of_crime' })
@Unique({ properties: ['tableVersion', 'banding'] })
@ObjectType({ description: 'The unit cost of one offence of a banding, in a named, versioned unit-cost table.' })
export class UnitCostOfCrime {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Which unit-cost table this is, e.g. `demo-2014`. Measures name the table they used.' })
  tableVersion!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'CrimSec3 banding the cost applies to.' })
  banding!: string;

  @Property({ type: 'integer' })
  costPence!: number;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Where the costs come from.' })
  source!: string;

  @Field(() => Money, { description: 'Cost of one offence, in pounds.' })
  @Label('Unit cost')
  get cost(): number {
    return this.costPence / 100;
  }
}
