import { Field, Int, ObjectType } from 'type-graphql';
import type { ImportProblem } from './columns.js';
import type { ImportReport } from './import.service.js';
import { Count } from '../units/scalars.js';

@ObjectType({ description: 'A problem with an imported file: the row (1 is the header row; null for the whole file), the column, and why.' })
export class ImportProblemResult {
  @Field(() => Int, { nullable: true }) row!: number | null;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String) reason!: string;

  static from(problem: ImportProblem): ImportProblemResult {
    return Object.assign(new ImportProblemResult(), problem);
  }
}

@ObjectType({ description: 'What an import did (or, for a dry run, would do). One problem anywhere means nothing was written.' })
export class ImportReportResult {
  @Field(() => String) kind!: string;
  @Field(() => String) file!: string;
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Count, { description: 'Data rows read (blank rows are skipped).' }) rows!: number;
  @Field(() => Count) inserted!: number;
  @Field(() => Count) updated!: number;
  @Field(() => Count, { description: 'Rows whose record already had exactly these values (its version is left alone).' }) unchanged!: number;
  @Field(() => Boolean, { description: 'Whether anything was written.' }) written!: boolean;
  @Field(() => [ImportProblemResult], { description: 'The first 100 problems, in file order.' }) problems!: ImportProblemResult[];
  @Field(() => Count, { description: 'How many problems there were in all.' }) problemCount!: number;
  @Field(() => [String], { description: 'Headers that name no column of the kind: their cells were not imported.' }) unknownColumns!: string[];

  static from(report: ImportReport): ImportReportResult {
    return Object.assign(new ImportReportResult(), report, { problems: report.problems.map(ImportProblemResult.from) });
  }
}
