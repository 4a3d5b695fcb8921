import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Label } from '../units/label.js';
import { Money } from '../units/scalars.js';

/** A loaded offence classification: its version and where it comes from. */
@Entity({ tableName: 'crime_classification' })
@ObjectType({ description: 'An offence classification the hub holds (the Home Office notifiable offences), named and versioned with its source.' })
export class CrimeClassification {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', unique: true })
  @Field(() => String, { description: 'e.g. `ho-notifiable-offences-2014`; every crime category names the classification it belongs to.' })
  version!: string;

  @Property({ type: 'string' })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Where the codes come from.' })
  source!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the version leaves out, and why.' })
  note?: string | null;
}

/** One CrimSec3 code of the Home Office offence classification, with the Norfolk & Suffolk paper's banding and priority flag for priority crimes. */
@Entity({ tableName: 'crime_category' })
@ObjectType({ description: 'A CrimSec3 (Home Office notifiable offence) code with its offence group, banding, crime group and whether it is a priority crime.' })
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
  @Field(() => String, { description: 'Banding, e.g. "Burglary Dwelling", "Robbery" (priority codes, as AP14/73 prints them), or the Home Office offence subgroup ("Shoplifting"). Offence-group breakdowns and unit costs go by this.' })
  banding!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Crime group: "Priority" (AP14/73, 3.4) or "Non-priority".' })
  crimeGroup!: string;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'Counts as a priority crime for the priority crime rate (and for `offences: PRIORITY`).' })
  priority!: boolean;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'Home Office offence group, e.g. "Theft offences", "Violence against the person".' })
  offenceGroup?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The classification version the code belongs to (null: added by the partnership).' })
  classification?: string | null;

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
