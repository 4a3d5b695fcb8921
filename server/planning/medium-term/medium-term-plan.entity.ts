import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Versioned } from '../../db/versioned.js';
import { Partnership } from '../../partnership/partnership.entity.js';
import type { MediumTermAssumptionsInput } from './medium-term-plan.input.js';

/** A named set of medium-term plan assumptions a partnership keeps, to compare with others: `Pay award 1%`, `Cash flat`. */
@Entity({ tableName: 'medium_term_plan_variant' })
@Unique({ properties: ['partnership', 'name'] })
export class MediumTermPlanVariant extends Versioned {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  name!: string;

  /** The first financial year (`2014/15`); it need not be open in the hub yet. */
  @Property({ type: 'string' })
  fromYear!: string;

  @Property({ type: 'integer' })
  years!: number;

  /** The assumptions as given (percentages, and shares by agency code). */
  @Property({ type: 'json' })
  assumptions!: MediumTermAssumptionsInput;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  /** Who saved it: the label of their token, or `the hub`. */
  @Property({ type: 'string' })
  savedBy!: string;
}
