import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CellKind } from '../units/scalars.js';
import type { LayoutColumn, LayoutMeasure, ReportLayout } from '../../wire/report-layout.js';

export const CellKindValues: { [K in CellKind]: K } = { NUMBER: 'NUMBER', TEXT: 'TEXT', BOOLEAN: 'BOOLEAN', DATE: 'DATE', MONTH: 'MONTH', DATE_TIME: 'DATE_TIME' };
registerEnumType(CellKindValues, {
  name: 'CellKind',
  description: 'How a spreadsheet holds a column: NUMBER, TEXT, BOOLEAN; DATE, MONTH and DATE_TIME as date serial numbers (a month as its first day; a date-time in UTC).',
});

@ObjectType({ description: 'One column of a query\'s table: where its values are in the answer, its header and how a spreadsheet shows it.' })
export class ReportColumn implements LayoutColumn {
  @Field(() => String, { description: 'Response keys from the table\'s root, dotted (`shares.contribution`); a query with one root field leaves that field out. A table can show these instead of headers.' })
  path!: string;

  @Field(() => String, { description: 'The field\'s label without its unit, e.g. "Contribution".' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'The unit in words, e.g. "£", "%", "FTE", "priority offences per member"; null for counts, text and dates.' })
  unit!: string | null;

  @Field(() => String, { description: 'The header a table shows: the label and its unit, e.g. "Contribution (£)".' })
  header!: string;

  @Field(() => String, { description: 'The field\'s GraphQL type, e.g. `Money`, `Count`, `String`, `RagStatus`: its unit for a client that maps scalars.' })
  type!: string;

  @Field(() => CellKindValues)
  kind!: CellKind;

  @Field(() => String, { description: 'The Excel number format, e.g. `£#,##0.00;[Red]-£#,##0.00`.' })
  numberFormat!: string;

  @Field(() => String, { nullable: true, description: 'The field\'s description in the schema.' })
  description!: string | null;

  @Field(() => [String], { description: 'The paths of the lists the column sits in, outermost first (`""`: the root field is a list).' })
  lists!: string[];
}

@ObjectType({ description: 'A measure whose figures a query\'s answer carries: its name, version and definition.' })
export class ReportMeasure implements LayoutMeasure {
  @Field(() => String, { description: 'Where its figures are in the answer (as a column path).' })
  path!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  definition!: string;
}

@ObjectType('ReportLayout', { description: 'A query\'s answer laid out as a table: the columns come from the query and the schema, not from an answer, so a null or empty answer keeps the same header.' })
export class ReportLayoutResult implements ReportLayout {
  @Field(() => String, {
    description:
      'The query to run for this table: the query given, with the fields that tell its figures apart (a measure\'s `source`: published or ' +
      'computed) added at the end of each selection that leaves them out, so no table mixes sources without saying which; the query itself ' +
      'when nothing was added.',
  })
  query!: string;

  @Field(() => [ReportColumn])
  columns!: ReportColumn[];

  @Field(() => [ReportMeasure])
  measures!: ReportMeasure[];
}
