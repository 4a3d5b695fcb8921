import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ReportLayoutResult } from '../reports/report-layout.types.js';

@InputType({ description: 'One operation of a batch: a query (its text, or a saved report by name) and its variables, run as a request of its own would be.' })
export class BatchRequest {
  @Field(() => String, { nullable: true, description: 'The GraphQL query text: a query (not a mutation), with no `batch` inside. Give this or `report`.' })
  query?: string;

  @Field(() => String, { nullable: true, description: 'A saved report by name (e.g. `cost-share`), run with its query. Give this or `query`.' })
  report?: string;

  @Field(() => String, { nullable: true, description: 'With `report`: one of the report\'s parameter sets by name (yours or your partnership\'s, e.g. "Q3 board pack, Norfolk"); `variables` given beside it override its values.' })
  parameters?: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Its variables, as a JSON object.' })
  variables?: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Which operation to run, when the text holds more than one.' })
  operationName?: string;

  @Field(() => Boolean, { nullable: true, description: 'Also answer with how its query is laid out as a table (as `reportLayout` gives it), so a cell can spill labelled, formatted columns without another request.' })
  layout?: boolean;
}

@ObjectType({ description: 'An error of one operation of a batch, as the hub would have answered it alone.' })
export class BatchError {
  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: '`BAD_USER_INPUT`, `FORBIDDEN`, `GRAPHQL_VALIDATION_FAILED`…' })
  code?: string;

  @Field(() => [String], { nullable: true, description: 'Where in the answer the error is; list positions as text.' })
  path?: string[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The error’s other extensions (e.g. `currentVersion`).' })
  extensions?: Record<string, unknown>;
}

@ObjectType({ description: 'One operation’s answer: its data, its errors, or both for a partial answer.' })
export class BatchResult {
  @Field(() => GraphQLJSONObject, { nullable: true })
  data?: Record<string, unknown> | null;

  @Field(() => [BatchError])
  errors!: BatchError[];

  @Field(() => ReportLayoutResult, { nullable: true, description: 'Its query\'s table layout, when the operation asked for it and the query is valid.' })
  layout?: ReportLayoutResult | null;
}
