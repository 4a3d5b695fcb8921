import { Arg, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { loadReportLibrary, type SavedReportDefinition } from './report-library.js';

@ObjectType({ description: 'A saved report: a named query with a description and example variables, ready to insert into a workbook.' })
export class SavedReport implements SavedReportDefinition {
  @Field(() => String, { description: 'Stable name, e.g. `cost-share`.' })
  name!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'The GraphQL query text.' })
  query!: string;

  @Field(() => String, { description: 'Example variables as JSON.' })
  variables!: string;
}

@Resolver(() => SavedReport)
export class ReportsResolver {
  @Query(() => [SavedReport], { description: 'The library of saved reports.' })
  reports(): SavedReport[] {
    return loadReportLibrary();
  }

  @Query(() => SavedReport, { nullable: true, description: 'One saved report by name.' })
  report(@Arg('name', () => String) name: string): SavedReport | null {
    return loadReportLibrary().find((report) => report.name === name) ?? null;
  }
}
