import { Field, ID, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import { Count } from '../../units/scalars.js';
import type { RemovedRow, SheetResult, SheetRowResult } from '../../db/sheet.js';
import { FieldChangeResult } from '../history/finance-history.types.js';

/**
 * A row of an edited sheet: the record's input fields, and for a record the sheet was read with
 * its `id` and `expectedVersion` (a new record has neither).
 */
export function sheetRowOf<TBase extends ClassType>(Base: TBase) {
  // A type of its own (never used in the schema by itself): type-graphql only inherits fields from a registered input type.
  @InputType(`${Base.name}Row`)
  class SheetRowInput extends Base {
    @Field(() => ID, { nullable: true, description: 'The record\'s id; omit it for a new record.' })
    id?: string | null;

    @Field(() => Int, { nullable: true, description: 'The version the record was read at (with `id`).' })
    expectedVersion?: number | null;
  }
  return SheetRowInput;
}

@InputType({ description: 'A record an edited sheet no longer has, with the version the sheet was read at.' })
export class RemovedRowInput implements RemovedRow {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  expectedVersion!: number;
}

@ObjectType({ description: 'What a submitted sheet did (or, in a dry run, would do) to one record.' })
export class SheetRowChange {
  @Field(() => Int, { nullable: true, description: 'The row\'s place in the list sent (1 for the first); null for a removal.' })
  row!: number | null;

  @Field(() => ID, { nullable: true, description: 'The record\'s id (null for a new record in a dry run).' })
  id!: string | null;

  @Field(() => Int, { nullable: true, description: 'The record\'s version now, to send as `expectedVersion` next time (null in a dry run and for a removal).' })
  version!: number | null;

  @Field(() => String, { description: 'CREATE, UPDATE, DELETE or UNCHANGED.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'What the record is: its grade, description or title.' })
  label!: string | null;

  @Field(() => [FieldChangeResult], { description: 'Each field that changes, from what to what (a new record: every field it sets; a removal: every field it had).' })
  changes!: FieldChangeResult[];

  static from(row: SheetRowResult): SheetRowChange {
    return Object.assign(new SheetRowChange(), { ...row, changes: row.changes.map(FieldChangeResult.from) });
  }
}

@ObjectType({ description: 'A submitted sheet: what changed, row by row. In a dry run nothing is saved: it is the review before submitting.' })
export class SheetSubmission {
  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => Count)
  added!: number;

  @Field(() => Count)
  updated!: number;

  @Field(() => Count)
  removed!: number;

  @Field(() => Count)
  unchanged!: number;

  @Field(() => [SheetRowChange])
  rows!: SheetRowChange[];

  static from(result: SheetResult): SheetSubmission {
    const count = (action: string) => result.rows.filter((row) => row.action === action).length;
    return Object.assign(new SheetSubmission(), {
      dryRun: result.dryRun,
      added: count('CREATE'),
      updated: count('UPDATE'),
      removed: count('DELETE'),
      unchanged: count('UNCHANGED'),
      rows: result.rows.map(SheetRowChange.from),
    });
  }
}
