/**
 * Merges many GraphQL queries into ONE document (the hub takes one operation per HTTP request):
 * each query's root fields, variables and fragments get a prefix (`b3_costShare`, `$b3_partnership`),
 * and the merged answer is split back per query.
 */
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FieldNode, type OperationDefinitionNode, type SelectionNode, type VariableDefinitionNode } from 'graphql';
import type { GraphQLErrorItem, GraphQLResponse } from './hub-client.js';

export interface QueryCall {
  query: string;
  variables: Record<string, unknown>;
}

export interface MergedOperation {
  query: string;
  variables: Record<string, unknown>;
  /** For each input call, its prefix and the response keys its root fields had. */
  parts: Array<{ prefix: string; keys: string[] }>;
}

/** Parses a query a formula or binding gives, refusing what cannot be merged. */
export function parseQueryOperation(query: string): { operation: OperationDefinitionNode; fragments: DefinitionNode[] } {
  const document: DocumentNode = parse(query);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) throw new Error('The query must contain exactly one operation.');
  if (operations[0].operation !== 'query') throw new Error('Only queries can be used here, not mutations.');
  for (const selection of operations[0].selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) throw new Error('Put fragments inside a field, not at the top of the query.');
  }
  return { operation: operations[0], fragments: document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION) };
}

export function mergeQueries(calls: QueryCall[]): MergedOperation {
  const variableDefinitions: VariableDefinitionNode[] = [];
  const selections: SelectionNode[] = [];
  const fragments: DefinitionNode[] = [];
  const variables: Record<string, unknown> = {};
  const parts: MergedOperation['parts'] = [];

  calls.forEach((call, index) => {
    const prefix = `b${index}_`;
    const { operation, fragments: ownFragments } = parseQueryOperation(call.query);
    const renamed = visit({ kind: Kind.DOCUMENT, definitions: [operation, ...ownFragments] } as DocumentNode, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    });
    const [op, ...frags] = renamed.definitions as [OperationDefinitionNode, ...DefinitionNode[]];
    const keys: string[] = [];
    for (const selection of op.selectionSet.selections as FieldNode[]) {
      const key = selection.alias?.value ?? selection.name.value;
      keys.push(key);
      selections.push({ ...selection, alias: { kind: Kind.NAME, value: prefix + key } });
    }
    variableDefinitions.push(...(op.variableDefinitions ?? []));
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      if (name in call.variables) variables[prefix + name] = call.variables[name];
    }
    fragments.push(...frags);
    parts.push({ prefix, keys });
  });

  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: { kind: Kind.NAME, value: 'IOMBatch' },
    variableDefinitions,
    directives: [],
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  return { query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }), variables, parts };
}

export type PartResult = { data: Record<string, unknown> } | { errors: GraphQLErrorItem[] };

/** Splits the merged answer back: each call gets its own data, or the errors on its fields. */
export function splitMergedResponse(merged: MergedOperation, response: GraphQLResponse): PartResult[] {
  return merged.parts.map(({ prefix, keys }) => {
    const errors = (response.errors ?? [])
      .filter((error) => typeof error.path?.[0] === 'string' && (error.path[0] as string).startsWith(prefix))
      .map((error) => ({ ...error, path: [(error.path![0] as string).slice(prefix.length), ...error.path!.slice(1)] }));
    if (errors.length) return { errors };
    const data: Record<string, unknown> = {};
    for (const key of keys) data[key] = (response.data as Record<string, unknown> | null | undefined)?.[prefix + key] ?? null;
    return { data };
  });
}
