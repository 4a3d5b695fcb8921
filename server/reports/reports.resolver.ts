import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Field, FieldResolver, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { reportLayout } from './report-layout.js';
import { ReportLayoutResult } from './report-layout.types.js';
import { loadReportLibrary, type SavedReportDefinition } from './report-library.js';
import { reportParameters, type ParameterChoice as Choice, type ReportParameterInfo } from './report-parameters.js';

@ObjectType({ description: 'One of the values a fixed-list parameter takes.' })
export class ParameterChoice implements Choice {
  @Field(() => String, { description: 'The value the query is given.' })
  value!: string;

  @Field(() => String, { description: 'What a person reads.' })
  label!: string;
}

@ObjectType({ description: 'A variable of a saved report, described for the person filling it in.' })
export class ReportParameter implements ReportParameterInfo {
  @Field(() => String, { description: 'The variable’s name in the query.' })
  name!: string;

  @Field(() => String, { description: 'A label in words, e.g. "Financial year".' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'What the hub’s schema says about the argument it is passed to.' })
  description!: string | null;

  @Field(() => String, { description: 'Its GraphQL type, e.g. `String!`.' })
  type!: string;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => [ParameterChoice], { description: 'The fixed list it takes (an enum); empty when it is free.' })
  choices!: ParameterChoice[];

  @Field(() => Boolean, { description: 'A date (YYYY-MM-DD): pick it from a calendar.' })
  date!: boolean;
}

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

  @FieldResolver(() => [ReportParameter], { description: 'Its variables, labelled and described from the schema, with the choices of a fixed list.' })
  parameters(@Root() report: SavedReport, @Info() info: GraphQLResolveInfo): ReportParameter[] {
    return reportParameters(info.schema, report.query);
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
