import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Versioned } from '../../db/versioned.js';
import { Partnership } from '../../partnership/partnership.entity.js';
import { optionalPenceToPounds } from '../../money/pence.js';
import { optionalFromHundredths } from '../../money/hundredths.js';
import { Label } from '../../units/label.js';
import { Money, Percent } from '../../units/scalars.js';

export const OptionStatus = { PREFERRED: 'PREFERRED', DISCOUNTED: 'DISCOUNTED', UNDER_CONSIDERATION: 'UNDER_CONSIDERATION' } as const;
export type OptionStatus = (typeof OptionStatus)[keyof typeof OptionStatus];
registerEnumType(OptionStatus, { name: 'OptionStatus' });

/** One option of an options appraisal, with its cost saving as published. */
@Entity({ tableName: 'appraisal_option' })
@Unique({ properties: ['partnership', 'programme', 'option'] })
@Unique({ properties: ['partnership', 'reference'] })
@ObjectType({ description: 'An option in an options appraisal, with its cost and saving as published.' })
export class AppraisalOption extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'The programme appraised, e.g. `TurnAround IOM`.' })
  programme!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Option number.' })
  option!: number;

  @Property({ type: 'string' })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  description?: string | null;

  @Property({ type: 'integer', nullable: true })
  costPence?: number | null;

  @Property({ type: 'integer', nullable: true })
  savingPence?: number | null;

  @Property({ type: 'integer', nullable: true })
  savingPercentHundredths?: number | null;

  @Enum({ items: () => OptionStatus, type: 'string' })
  @Field(() => OptionStatus)
  status!: OptionStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the option was preferred or discounted.' })
  reason?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Caveats, e.g. where the published figures disagree.' })
  notes?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Where the option comes from.' })
  source?: string | null;

  /** The option's key for imports: programme and option number (`TurnAround IOM#3`), kept in step with them. */
  @Property({ type: 'string', nullable: true })
  reference?: string | null;

  @Field(() => Money, { nullable: true, description: 'Cost in pounds, where published.' })
  @Label('Cost')
  get cost(): number | null {
    return optionalPenceToPounds(this.costPence);
  }

  @Field(() => Money, { nullable: true, description: 'Saving in pounds as published.' })
  @Label('Saving')
  get saving(): number | null {
    return optionalPenceToPounds(this.savingPence);
  }

  @Field(() => Percent, { nullable: true, description: 'Saving in percent as published (12.8 means 12.8%).' })
  @Label('Saving')
  get savingPercent(): number | null {
    return optionalFromHundredths(this.savingPercentHundredths);
  }
}
