import { getNamedType, isEnumType, isInputObjectType, isNonNullType, type GraphQLSchema } from 'graphql';
import { scriptJson } from './graphiql-page.js';

/** An input field as the case-manager page builds its control: its type's name, whether it is required, and the schema's words for it. */
export interface PageField {
  type: string;
  required: boolean;
  description: string | null;
}

export interface PageEnum {
  description: string | null;
  values: { name: string; description: string | null }[];
}

/** What the page takes from the schema: the inputs of the mutations it calls and their enums. */
export interface PageSchema {
  inputs: Record<string, Record<string, PageField>>;
  enums: Record<string, PageEnum>;
  arguments: Record<string, Record<string, PageField>>;
}

const INPUTS = ['ReferralInput', 'MatrixFactorValueInput', 'PanelDecisionInput', 'MembershipInput', 'StatusReviewInput', 'DeselectionInput', 'OffenceInput'];
const QUERIES = ['nominals', 'reviewsDue'];

/** The labels, hints and choices of the page's forms, from the schema the hub serves (so they cannot drift from it). */
export function pageSchema(schema: GraphQLSchema): PageSchema {
  const enums: Record<string, PageEnum> = {};
  const fieldOf = (type: Parameters<typeof getNamedType>[0], description: string | null | undefined): PageField => {
    const named = getNamedType(type)!;
    if (isEnumType(named))
      enums[named.name] ??= { description: named.description ?? null, values: named.getValues().map((v) => ({ name: v.name, description: v.description ?? null })) };
    return { type: named.name, required: isNonNullType(type), description: description ?? null };
  };
  const inputs = Object.fromEntries(INPUTS.map((name) => {
    const type = schema.getType(name);
    if (!isInputObjectType(type)) throw new Error(`The schema has no input ${name}.`);
    return [name, Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, fieldOf(f.type, f.description)]))];
  }));
  const query = schema.getQueryType()!.getFields();
  const args = Object.fromEntries(QUERIES.map((name) => [name, Object.fromEntries(query[name].args.map((a) => [a.name, fieldOf(a.type, a.description)]))]));
  return { inputs, enums, arguments: args };
}

/** The case-manager page: a shell the bundle fills in; it holds no data until the person signs in with their token. */
export function caseManagerPage(schema: PageSchema): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>IOM Hub — Case manager</title>
  <base href="/">
  <link rel="stylesheet" href="assets/case-manager.css">
</head>
<body class="case-manager">
  <noscript>This page needs JavaScript.</noscript>
  <script id="page-schema" type="application/json">${scriptJson(schema)}</script>
  <script src="assets/case-manager.js" defer></script>
</body>
</html>
`;
}
