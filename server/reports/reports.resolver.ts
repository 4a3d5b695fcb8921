import { Arg, Ctx, Field, FieldResolver, GraphQLISODateTime, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Count } from '../units/scalars.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { HubContext } from '../context.js';
import { MeasureDefinition } from '../measures/measure-definition.js';
import { examplesForCaller, listReports, partnershipCodes, publishReport, findReport, reportVersions, type LibraryReport } from './library.service.js';
import { MEASURES } from './measures.js';
import { parameterSetsOf, saveParameterSet } from './parameter-sets.js';
import type { ParameterSet } from './parameter-set.entity.js';
import { usedBy, type WorkbookUse } from './lineage.js';
import { reportLayout } from './report-layout.js';
import { ReportLayoutResult } from './report-layout.types.js';
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

@ObjectType({ description: 'A named set of a report\'s variables, personal or shared with a partnership (e.g. "Q3 board pack, Norfolk").' })
export class ReportParameterSet {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The variables, as JSON.' }) variables!: string;
  @Field(() => String, { description: 'Who saved it.' }) owner!: string;
  @Field(() => String, { nullable: true, description: 'The partnership whose tokens may use it; null: personal to its owner.' }) partnership!: string | null;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

const parameterSetView = (set: ParameterSet): ReportParameterSet => ({
  name: set.name, variables: set.variables, owner: set.ownerLabel, partnership: set.sharedWith?.code ?? null, updatedAt: set.updatedAt,
});

@ObjectType({ description: 'A workbook whose bindings run a report, as last seen by the hub.' })
export class ReportUse implements WorkbookUse {
  @Field(() => String, { description: 'The id the workbook\'s bindings carry.' }) workbook!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => GraphQLISODateTime) lastRefreshedAt!: Date;
  @Field(() => String, { description: 'Who refreshed it last: their token\'s label, or the hub\'s command line.' }) lastRefreshedBy!: string;
  @Field(() => Count, { description: 'How many of its bindings run the report.' }) bindings!: number;
  @Field(() => [Int], { description: 'The versions of the report they run.' }) versions!: number[];
}

@ObjectType({
  description:
    'A report in the library: a named query with a description and example variables, ready to insert into a workbook. The built-in reports ' +
    'come first; analysts publish more (publishReport), each publish a new version.',
})
export class SavedReport {
  @Field(() => String, { description: 'Stable name, e.g. `cost-share`.' })
  name!: string;

  @Field(() => Int, { description: 'The version (a built-in report has one, 1).' })
  version!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'The GraphQL query text.' })
  query!: string;

  @Field(() => String, { description: 'Example variables as JSON, on a partnership the caller\'s token sees.' })
  variables!: string;

  @Field(() => Boolean, { description: 'Shipped with the hub (schema/reports/) rather than published.' })
  builtIn!: boolean;

  @Field(() => String, { nullable: true, description: 'Who published it (null for a built-in report).' })
  owner!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt!: Date | null;

  /** Not a field: the library's own record, for the field resolvers. */
  report!: LibraryReport;
}

@InputType()
export class PublishReportInput {
  @Field(() => String, { description: 'Lower-case letters, digits and hyphens, e.g. `q3-board-pack`.' }) name!: string;
  @Field(() => String) title!: string;
  @Field(() => String) description!: string;
  @Field(() => String) query!: string;
  @Field(() => String, { nullable: true, description: 'Example variables, as JSON.' }) exampleVariables?: string | null;
  @Field(() => [String], { nullable: true, description: 'Codes of the partnerships whose tokens may use it (besides its owner and admins).' }) sharedWith?: string[] | null;
}

@InputType()
export class SaveParameterSetInput {
  @Field(() => String) report!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The variables, as JSON (some or all of the report\'s).' }) variables!: string;
  @Field(() => String, { nullable: true, description: 'Share it with this partnership\'s tokens; leave out to keep it personal.' }) partnership?: string | null;
}

async function view(ctx: HubContext, report: LibraryReport): Promise<SavedReport> {
  return {
    name: report.name, version: report.version, title: report.title, description: report.description, query: report.query,
    variables: await examplesForCaller(ctx.em, report), builtIn: report.builtIn, owner: report.ownerLabel, publishedAt: report.publishedAt, report,
  };
}

@Resolver(() => SavedReport)
export class ReportsResolver {
  @Query(() => [SavedReport], { description: 'The library: the built-in reports, then the latest version of each published report the caller may use.' })
  async reports(@Ctx() ctx: HubContext): Promise<SavedReport[]> {
    return Promise.all((await listReports(ctx.em)).map((report) => view(ctx, report)));
  }

  @Query(() => SavedReport, { nullable: true, description: 'One report by name: its latest version, or the version asked for (workbooks pinned to it keep running it).' })
  async report(@Arg('name', () => String) name: string, @Arg('version', () => Int, { nullable: true }) version: number | null | undefined, @Ctx() ctx: HubContext): Promise<SavedReport | null> {
    const report = await findReport(ctx.em, name, version);
    return report && view(ctx, report);
  }

  @Query(() => [MeasureDefinition], { description: 'Every measure the hub computes: its name, the version of its definition and the definition.' })
  measures(): readonly MeasureDefinition[] {
    return MEASURES;
  }

  @Mutation(() => SavedReport, { description: 'Publishes a report to the library, or the next version of one you own. The query is validated against the schema first.' })
  async publishReport(@Arg('input', () => PublishReportInput) input: PublishReportInput, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<SavedReport> {
    return view(ctx, await publishReport(ctx.em, info.schema, input));
  }

  @Mutation(() => ReportParameterSet, { description: 'Saves a named set of a report\'s variables (or replaces yours of that name), personal or shared with a partnership.' })
  async saveParameterSet(@Arg('input', () => SaveParameterSetInput) input: SaveParameterSetInput, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<ReportParameterSet> {
    return parameterSetView(await saveParameterSet(ctx.em, info.schema, input));
  }

  @FieldResolver(() => [String], { description: 'Codes of the partnerships a published version is shared with (those the caller sees).' })
  sharedWith(@Root() root: SavedReport, @Ctx() { em }: HubContext): Promise<string[]> {
    return partnershipCodes(em, root.report.sharedWith);
  }

  @FieldResolver(() => [Int], { description: 'Every version of the report the caller may use, newest first.' })
  async versions(@Root() root: SavedReport, @Ctx() { em }: HubContext): Promise<number[]> {
    return (await reportVersions(em, root.name)).map((r) => r.version);
  }

  @FieldResolver(() => [ReportParameterSet], { description: 'The report\'s parameter sets the caller may use: their own and those shared with their partnerships.' })
  async parameterSets(@Root() root: SavedReport, @Ctx() { em }: HubContext): Promise<ReportParameterSet[]> {
    return (await parameterSetsOf(em, root.name)).map(parameterSetView);
  }

  @FieldResolver(() => [ReportUse], { description: 'The workbooks whose bindings run this report (any version), the latest refreshed first: for analysts and admins.' })
  usedBy(@Root() root: SavedReport, @Ctx() { em }: HubContext): Promise<ReportUse[]> {
    return usedBy(em, root.name);
  }

  @FieldResolver(() => [ReportParameter], { description: 'Its variables, labelled and described from the schema, with the choices of a fixed list.' })
  parameters(@Root() report: SavedReport, @Info() info: GraphQLResolveInfo): ReportParameter[] {
    return reportParameters(info.schema, report.query);
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
