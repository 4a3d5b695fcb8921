import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Versioned } from '../db/versioned.js';
import { Partnership } from '../partnership/partnership.entity.js';

/**
 * A named set of a report's variables ("Q3 board pack, Norfolk"): personal to the token that saved
 * it, or shared with one partnership's tokens. Export, the add-in's pane and =IOM.QUERY pick one by name.
 */
@Entity({ tableName: 'parameter_set' })
export class ParameterSet extends Versioned {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** The report's name (built in or published). */
  @Property({ type: 'string', length: 64 })
  report!: string;

  @Property({ type: 'string' })
  name!: string;

  /** The variables, as JSON text. */
  @Property({ type: 'text' })
  variables!: string;

  @Property({ type: 'integer', nullable: true })
  ownerTokenId!: number | null;

  @Property({ type: 'string' })
  ownerLabel!: string;

  /** Null: personal to its owner. Not named `partnership`: visibility is the library's rule, not the scope filter's. */
  @ManyToOne(() => Partnership, { nullable: true, deleteRule: 'cascade' })
  sharedWith?: Partnership | null;
}
