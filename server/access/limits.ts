import {
  GraphQLError, Kind, TokenKind, getNamedType, getNullableType, isCompositeType, isInterfaceType, isListType, isObjectType, type ASTVisitor,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type OperationDefinitionNode,
  type SelectionSetNode, type Token, type ValidationContext, type ValueNode,
} from 'graphql';
import { badInput } from '../errors/domain-error.js';
import { requireWholeNumber } from '../errors/validate.js';

/** Limits every request is checked against before any resolver runs (introspection fields do not count). */
export interface QueryLimits {
  /** Fields nested in fields: `{ a { b { c } } }` is 3 deep. */
  maxDepth: number;
  /** Aliased fields in the document. */
  maxAliases: number;
  /** Lexical tokens in the document (names, punctuation, values; not comments). */
  maxTokens: number;
  /** Estimated fields resolved: each field 1, times the page size (`first`) or LIST_SIZE of every list above it. */
  maxCost: number;
}

export const QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 15, maxTokens: 2000, maxCost: 5000 };

/** The size a list field is assumed to have when the query gives no `first`. */
export const LIST_SIZE = 10;

/** The most rows a paged query returns at once. */
export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  entries: T[];
  total: number;
}

/** A page request checked against MAX_PAGE_SIZE, naming the argument that is out of range. */
export function pageOf(firstField: string, first: number | null | undefined, offsetField: string, offset: number | null | undefined): { limit: number; skip: number } {
  const limit = requireWholeNumber(firstField, first ?? MAX_PAGE_SIZE, { min: 1 });
  if (limit > MAX_PAGE_SIZE) throw badInput(firstField, `at most ${MAX_PAGE_SIZE} at a time (asked for ${limit}); page with \`offset\`.`);
  return { limit, skip: requireWholeNumber(offsetField, offset ?? 0) };
}

export interface QueryMeasure {
  depth: number;
  aliases: number;
  tokens: number;
  cost: number;
}

/** Tokens in the parsed document, read from the lexer's token list (comments excluded). */
export function countTokens(document: DocumentNode): number {
  let count = 0;
  for (let token: Token | null | undefined = document.loc?.startToken; token; token = token.next) {
    if (token.kind !== TokenKind.SOF && token.kind !== TokenKind.EOF && token.kind !== TokenKind.COMMENT) count++;
  }
  return count;
}

function intValue(node: ValueNode | undefined, variables: Record<string, unknown>): number | null {
  if (!node) return null;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE && typeof variables[node.name.value] === 'number') return variables[node.name.value] as number;
  return null;
}

/** Depth, aliases and cost of one operation, following fragments; introspection fields are free. */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): Omit<QueryMeasure, 'tokens'> {
  let aliases = 0;
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType | null, multiplier: number, seen: ReadonlySet<string>): { depth: number; cost: number } => {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        if (selection.alias) aliases++;
        const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        const listed = definition ? isListType(getNullableType(definition.type)) : false;
        const first = intValue(selection.arguments?.find((a) => a.name.value === 'first')?.value, variables);
        cost += multiplier;
        if (selection.selectionSet) {
          const named = definition ? getNamedType(definition.type) : null;
          const inner = walk(selection.selectionSet, named && isCompositeType(named) ? named : null, multiplier * (listed ? Math.max(first ?? LIST_SIZE, 1) : 1), seen);
          depth = Math.max(depth, inner.depth + 1);
          cost += inner.cost;
        } else depth = Math.max(depth, 1);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        const next = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
        const inner = walk(fragment.selectionSet, condition && isCompositeType(condition) ? condition : null, multiplier, next);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
  };
  const root = schema.getRootType(operation.operation) ?? null;
  const { depth, cost } = walk(operation.selectionSet, root, 1, new Set());
  return { depth, aliases, cost };
}

/** Every operation of a document measured; tokens are the document's. */
export function measureDocument(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}): QueryMeasure {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const measures = document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => measureOperation(schema, operation, fragments, variables));
  return {
    depth: Math.max(0, ...measures.map((m) => m.depth)),
    aliases: measures.reduce((sum, m) => sum + m.aliases, 0),
    cost: Math.max(0, ...measures.map((m) => m.cost)),
    tokens: countTokens(document),
  };
}

/** What a request over the limits is told; empty when it is within them. */
export function limitViolations(measure: QueryMeasure, limits: QueryLimits = QUERY_LIMITS): string[] {
  const over: string[] = [];
  if (measure.tokens > limits.maxTokens) over.push(`The query has ${measure.tokens} tokens; the hub accepts at most ${limits.maxTokens}.`);
  if (measure.depth > limits.maxDepth) over.push(`The query is nested ${measure.depth} fields deep; the hub accepts at most ${limits.maxDepth}.`);
  if (measure.aliases > limits.maxAliases) over.push(`The query uses ${measure.aliases} aliases; the hub accepts at most ${limits.maxAliases}.`);
  if (measure.cost > limits.maxCost) over.push(`The query could resolve about ${measure.cost} fields; the hub accepts at most ${limits.maxCost}. Ask for fewer fields or smaller pages (\`first\`).`);
  return over;
}

/**
 * A graphql-js validation rule: a request over any limit fails validation, so it is refused
 * (GRAPHQL_VALIDATION_FAILED, HTTP 400) before any resolver runs. Variables are not known during
 * validation, so a `first: $n` counts as LIST_SIZE here and resolvers cap page sizes themselves.
 */
export function queryLimitsRule(limits: QueryLimits = QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      leave(document) {
        for (const message of limitViolations(measureDocument(context.getSchema(), document), limits)) context.reportError(new GraphQLError(message));
      },
    },
  });
}
