import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Field, Info, ObjectType, Query, Resolver } from 'type-graphql';
import { reportLayout } from './report-layout.js';
import { ReportLayoutResult } from './report-layout.types.js';
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

  @Query(() => ReportLayoutResult, {
    description:
      'How a query\'s answer is laid out as a table: one column per leaf field it selects, with its header (label and unit), GraphQL type and ' +
      'number format, and the measures (name, version, definition) its figures follow. The add-in, `npx iom-hub export` and `refresh` lay out ' +
      'every table by this. The query is checked, not run.',
  })
  reportLayout(
    @Arg('query', () => String) query: string,
    @Info() info: GraphQLResolveInfo,
    @Arg('operationName', () => String, { nullable: true, description: 'Which operation, when the query has several.' }) operationName?: string | null,
  ): ReportLayoutResult {
    return reportLayout(info.schema, query, operationName) as ReportLayoutResult;
  }
}
