import {
  GraphQLError, Kind, TokenKind, getNamedType, getNullableType, isAbstractType, isCompositeType, isEnumType, isInputObjectType, isInterfaceType, isListType,
  isObjectType, isWrappingType, type ASTVisitor, type ArgumentNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType,
  type GraphQLField, type GraphQLNamedType, type GraphQLSchema, type GraphQLType, type OperationDefinitionNode, type SelectionSetNode, type Token,
  type ValidationContext, type ValueNode,
} from 'graphql';
import { badInput } from '../errors/domain-error.js';
import { requireWholeNumber } from '../errors/validate.js';

/**
 * Limits every request is checked against before anything else looks at it: before graphql-js's
 * own validation rules (some of which grow with the square of a document's size) and before any
 * resolver runs. Parsing stops at `maxTokens`; everything else is measured in one pass over the
 * document, each fragment measured once however often it is spread.
 */
export interface QueryLimits {
  /** Fields nested in fields: `{ a { b { c } } }` is 3 deep (introspection is bounded by `maxIntrospection` instead). */
  maxDepth: number;
  /** Aliased fields in the operation, introspection fields and fragments' fields included, counted as often as they are spread. */
  maxAliases: number;
  /** Lexical tokens in the document (names, punctuation, values; not comments): parsing stops past it. */
  maxTokens: number;
  /** Estimated fields resolved: each field 1, times the page size of every list above it. */
  maxCost: number;
  /** Fields an introspection answer (`__schema`, `__type`) holds, counted against the hub's own schema. */
  maxIntrospection: number;
  /** Fields with one response name in one selection set, fragments' fields included (graphql-js compares each pair). */
  maxRepeats: number;
  /** Directives in the document. */
  maxDirectives: number;
}

/**
 * A 100-row cohort page with each member's latest review and last year's offences costs about
 * 6,100; GraphiQL's schema query (every type, field, argument and enum value, with descriptions)
 * is about 10,600 introspection fields here.
 */
export const QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 15, maxTokens: 2000, maxCost: 10_000, maxIntrospection: 20_000, maxRepeats: 50, maxDirectives: 50 };

/** The size a list field is assumed to have when the query does not say (no `first`, no default). */
export const LIST_SIZE = 10;

/** Arguments that say how many rows a field returns. */
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last', 'limit']);

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
  introspection: number;
  /** The most fields sharing one response name in one selection set. */
  repeats: number;
  directives: number;
  /** A fragment that spreads itself, directly or through others (graphql-js refuses it too). */
  cycle?: string | null;
}

/** Tokens in the parsed document, read from the lexer's token list (comments excluded). */
export function countTokens(document: DocumentNode): number {
  let count = 0;
  for (let token: Token | null | undefined = document.loc?.startToken; token; token = token.next) {
    if (token.kind !== TokenKind.SOF && token.kind !== TokenKind.EOF && token.kind !== TokenKind.COMMENT) count++;
  }
  return count;
}

type Variables = Readonly<Record<string, unknown>>;

/** A literal or variable's value as far as it is known: a number, a list's length, or null. */
function sizeOf(node: ValueNode | undefined, variables: Variables): number | null {
  if (!node) return null;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values.length;
  if (node.kind === Kind.VARIABLE) {
    const value = variables[node.name.value];
    if (typeof value === 'number') return value;
    if (Array.isArray(value)) return value.length;
  }
  return null;
}

/**
 * How many rows a field asks for: its `first` (or `last`, `limit`), literal or variable, else that
 * argument's default in the schema (null if it has none); and how many things its list arguments
 * name (`partnerships: [a, b]` asks for each of them).
 */
function rowsAskedFor(field: GraphQLField<unknown, unknown> | undefined, node: FieldNode, variables: Variables): { rows: number | null; each: number } {
  const given = (name: string): ArgumentNode | undefined => node.arguments?.find((a) => a.name.value === name);
  let rows: number | null = null;
  let each = 1;
  for (const argument of field?.args ?? []) {
    const value = given(argument.name);
    if (PAGE_SIZE_ARGUMENTS.has(argument.name)) {
      const size = value ? sizeOf(value.value, variables) : null;
      rows = size ?? (typeof argument.defaultValue === 'number' ? argument.defaultValue : null) ?? rows;
    } else if (isListType(getNullableType(argument.type)) && value) each *= Math.max(1, sizeOf(value.value, variables) ?? 1);
  }
  return { rows: rows === null ? null : Math.max(1, rows), each };
}

/** What one selection set (an operation's, or a fragment's) amounts to, its fragments included. */
interface SetMeasure {
  depth: number;
  aliases: number;
  cost: number;
  introspection: number;
  /** Fields by response name at the top of the set, fragments' fields included, counted as often as they are spread. */
  names: Map<string, number>;
}

class BudgetExceeded extends Error {}

type IntrospectionKind = 'schema' | 'type' | 'field' | 'input' | 'enum' | 'directive';
interface IntrospectionValues {
  kind: IntrospectionKind;
  values: readonly unknown[];
}

/**
 * Counts the fields an introspection answer holds by walking the selection over the schema itself
 * (nothing is executed). The walk stops as soon as the document's fields and spreads pass
 * `budget`, so a selection that would return millions of fields costs `budget` steps to refuse.
 * Fragment cycles are found before any walk (`spreadCycle`).
 */
class IntrospectionCounter {
  private steps = 0;
  private readonly types: readonly GraphQLNamedType[];
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly budget: number,
  ) {
    this.types = Object.values(schema.getTypeMap());
  }

  /** Fields in the answer of `__schema { … }` or `__type(name:) { … }`; Infinity past the budget. */
  count(node: FieldNode, variables: Variables): number {
    const start = this.steps;
    try {
      const root = node.name.value === '__schema' ? this.schema : this.typeNamed(node, variables);
      let fields = this.step();
      if (node.selectionSet && root) fields += this.walk(node.selectionSet, node.name.value === '__schema' ? 'schema' : 'type', root);
      return fields;
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      this.steps = Math.max(this.steps, start);
      return Infinity;
    }
  }

  private step(): number {
    if (++this.steps > this.budget) throw new BudgetExceeded();
    return 1;
  }

  /** `__type(name:)`: the named type; when the name is not known yet, the type with the most fields. */
  private typeNamed(node: FieldNode, variables: Variables): GraphQLNamedType | undefined {
    const argument = node.arguments?.find((a) => a.name.value === 'name')?.value;
    const name = argument?.kind === Kind.STRING ? argument.value : argument?.kind === Kind.VARIABLE ? variables[argument.name.value] : undefined;
    if (typeof name === 'string') return this.schema.getType(name) ?? undefined;
    const width = (type: GraphQLNamedType) => (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type) ? Object.keys(type.getFields()).length : 0);
    return this.types.reduce((a, b) => (width(b) > width(a) ? b : a));
  }

  private walk(set: SelectionSetNode, kind: IntrospectionKind, value: unknown): number {
    let fields = 0;
    for (const selection of set.selections) {
      this.step();
      if (selection.kind === Kind.FIELD) {
        fields++;
        const child = selection.selectionSet ? this.child(kind, value, selection.name.value) : null;
        if (child) for (const item of child.values) fields += this.walk(selection.selectionSet!, child.kind, item);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) fields += this.walk(selection.selectionSet, kind, value);
      else {
        const fragment = this.fragments.get(selection.name.value);
        if (fragment) fields += this.walk(fragment.selectionSet, kind, value);
      }
    }
    return fields;
  }

  /** The values an introspection field leads to, as graphql-js's own introspection would answer. */
  private child(kind: IntrospectionKind, value: any, field: string): IntrospectionValues | null {
    const one = (k: IntrospectionKind, v: unknown): IntrospectionValues | null => (v ? { kind: k, values: [v] } : null);
    const many = (k: IntrospectionKind, v: readonly unknown[] | null): IntrospectionValues | null => (v ? { kind: k, values: v } : null);
    const fielded = isObjectType(value) || isInterfaceType(value);
    switch (kind) {
      case 'schema':
        if (field === 'types') return many('type', this.types);
        if (field === 'directives') return many('directive', this.schema.getDirectives());
        if (field === 'queryType') return one('type', this.schema.getQueryType());
        if (field === 'mutationType') return one('type', this.schema.getMutationType());
        if (field === 'subscriptionType') return one('type', this.schema.getSubscriptionType());
        return null;
      case 'type':
        if (field === 'fields') return fielded ? many('field', Object.values(value.getFields())) : null;
        if (field === 'interfaces') return fielded ? many('type', value.getInterfaces()) : null;
        if (field === 'possibleTypes') return isAbstractType(value) ? many('type', this.schema.getPossibleTypes(value)) : null;
        if (field === 'enumValues') return isEnumType(value) ? many('enum', value.getValues()) : null;
        if (field === 'inputFields') return isInputObjectType(value) ? many('input', Object.values(value.getFields())) : null;
        if (field === 'ofType') return isWrappingType(value) ? one('type', (value as { ofType: GraphQLType }).ofType) : null;
        return null;
      case 'field':
      case 'directive':
      case 'input':
        if (field === 'args') return kind === 'input' ? null : many('input', value.args);
        if (field === 'type') return kind === 'directive' ? null : one('type', value.type);
        return null;
      default:
        return null;
    }
  }
}

/** A fragment that spreads itself, directly or through others, or null: found before anything is measured. */
function spreadCycle(fragments: ReadonlyMap<string, FragmentDefinitionNode>): string | null {
  const spreads = new Map<string, string[]>();
  const collect = (set: SelectionSetNode, into: string[]): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) into.push(selection.name.value);
      else if (selection.selectionSet) collect(selection.selectionSet, into);
    }
  };
  for (const [name, fragment] of fragments) {
    const into: string[] = [];
    collect(fragment.selectionSet, into);
    spreads.set(name, into);
  }
  // Depth-first, without recursion: 0 unvisited, 1 on the current path, 2 done.
  const state = new Map<string, number>();
  for (const start of fragments.keys()) {
    if (state.get(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const children = spreads.get(top.name) ?? [];
      if (top.next >= children.length) {
        state.set(top.name, 2);
        stack.pop();
        continue;
      }
      const child = children[top.next++];
      if (!fragments.has(child)) continue;
      if (state.get(child) === 1) return child;
      if (!state.get(child)) {
        state.set(child, 1);
        stack.push({ name: child, next: 0 });
      }
    }
  }
  return null;
}

/**
 * Depth, aliases, cost, introspection and repeated names of every operation in a document, in one
 * pass: each fragment is measured once (per page size it is spread under) and its measure reused,
 * so fragments that spread each other many times are counted, not expanded.
 */
class DocumentMeasurer {
  private readonly memo = new Map<string, SetMeasure>();
  private readonly introspection: IntrospectionCounter;
  private readonly introspectionOf = new Map<FieldNode, number>();
  repeats = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Variables,
    limits: QueryLimits,
  ) {
    this.introspection = new IntrospectionCounter(schema, this.fragments, limits.maxIntrospection);
  }

  operation(operation: OperationDefinitionNode): SetMeasure {
    return this.set(operation.selectionSet, this.schema.getRootType(operation.operation) ?? null, null, false);
  }

  /** Fragments no operation spreads are measured too: graphql-js would look at them. */
  unusedFragments(): void {
    for (const fragment of this.fragments.values()) this.fragment(fragment, null, fragment.typeCondition.name.value.startsWith('__'));
  }

  private fragment(fragment: FragmentDefinitionNode, rows: number | null, introspecting: boolean): SetMeasure {
    const key = `${fragment.name.value}\u0000${rows ?? ''}\u0000${introspecting}`;
    const known = this.memo.get(key);
    if (known) return known;
    const type = this.schema.getType(fragment.typeCondition.name.value);
    const measure = this.set(fragment.selectionSet, type && isCompositeType(type) ? type : null, rows, introspecting);
    this.memo.set(key, measure);
    return measure;
  }

  /**
   * One selection set under `parent`. `rows` is the page size a field above asked for (`cohort(first: 500) { nodes }`):
   * it sizes the lists directly in this set. Inside an introspection field (`introspecting`) fields
   * count towards aliases and repeated names only: what they return is `introspection`'s.
   */
  private set(set: SelectionSetNode, parent: GraphQLCompositeType | null, rows: number | null, introspecting: boolean): SetMeasure {
    const measure: SetMeasure = { depth: 0, aliases: 0, cost: 0, introspection: 0, names: new Map() };
    const name = (key: string, count: number) => measure.names.set(key, (measure.names.get(key) ?? 0) + count);
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        name(selection.alias?.value ?? selection.name.value, 1);
        if (selection.alias) measure.aliases++;
        if (!introspecting) measure.cost += 1;
        const fieldName = selection.name.value;
        if (!selection.selectionSet) {
          if (!introspecting && fieldName !== '__typename') measure.depth = Math.max(measure.depth, 1);
          continue;
        }
        const entering = introspecting || fieldName === '__schema' || fieldName === '__type';
        if (entering && !introspecting) measure.introspection += this.countIntrospection(selection);
        const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[fieldName] : fieldOfRoot(this.schema, fieldName);
        const named = definition ? getNamedType(definition.type) : null;
        const listed = definition ? isListType(getNullableType(definition.type)) : false;
        const { rows: asked, each } = rowsAskedFor(definition, selection, this.variables);
        // A list is as long as it asks (or the page above it asked for); a page (`cohort(first:)`)
        // passes its size to the lists inside it.
        const multiplier = listed ? (asked ?? rows ?? LIST_SIZE) * each : 1;
        const passed = listed ? null : asked !== null ? asked * each : each > 1 ? LIST_SIZE * each : null;
        const inner = this.set(selection.selectionSet, named && isCompositeType(named) ? named : null, passed, entering);
        // A batch's operations are each measured against these limits as requests of their own when it runs them:
        // the batch itself costs one field per operation.
        const batch = fieldName === 'batch' && parent === this.schema.getQueryType();
        if (!entering) {
          measure.depth = Math.max(measure.depth, inner.depth + 1);
          measure.cost += batch ? each : multiplier * inner.cost;
        }
        measure.aliases += inner.aliases;
        measure.introspection += inner.introspection;
      } else {
        let inner: SetMeasure;
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = this.fragments.get(selection.name.value);
          if (!fragment) continue;
          inner = this.fragment(fragment, rows, introspecting);
        } else {
          const condition = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
          inner = this.set(selection.selectionSet, condition && isCompositeType(condition) ? condition : null, rows, introspecting);
        }
        measure.depth = Math.max(measure.depth, inner.depth);
        measure.aliases += inner.aliases;
        measure.cost += inner.cost;
        measure.introspection += inner.introspection;
        for (const [key, count] of inner.names) name(key, count);
      }
    }
    for (const count of measure.names.values()) this.repeats = Math.max(this.repeats, count);
    return measure;
  }

  /** Each `__schema` / `__type` field of the document is counted once, wherever it is spread. */
  private countIntrospection(node: FieldNode): number {
    let count = this.introspectionOf.get(node);
    if (count === undefined) this.introspectionOf.set(node, (count = this.introspection.count(node, this.variables)));
    return count;
  }
}

/** `__schema` and `__type` are not among the root type's fields in graphql-js: their definitions. */
function fieldOfRoot(schema: GraphQLSchema, name: string): GraphQLField<unknown, unknown> | undefined {
  const type = name === '__schema' ? schema.getType('__Schema') : name === '__type' ? schema.getType('__Type') : undefined;
  return type ? ({ name, type, args: [] } as unknown as GraphQLField<unknown, unknown>) : undefined;
}

/** Directives written in the document. */
function countDirectives(document: DocumentNode): number {
  let count = 0;
  const visitSet = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      count += selection.directives?.length ?? 0;
      if (selection.kind !== Kind.FRAGMENT_SPREAD) visitSet(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    count += definition.directives?.length ?? 0;
    if (definition.kind === Kind.OPERATION_DEFINITION) for (const variable of definition.variableDefinitions ?? []) count += variable.directives?.length ?? 0;
    visitSet(definition.selectionSet);
  }
  return count;
}

/**
 * Every operation of a document measured (the largest of each measure, as one operation runs);
 * tokens and directives are the document's. `variables`, when known, size `first: $n` and list
 * arguments; before they are known a page size given by a variable counts as its default.
 */
export function measureDocument(schema: GraphQLSchema, document: DocumentNode, variables: Variables = {}, limits: QueryLimits = QUERY_LIMITS): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
  }
  const tokens = countTokens(document);
  const directives = countDirectives(document);
  const cycle = spreadCycle(fragments);
  // A cycle has no size: it is refused for what it is.
  if (cycle) return { depth: 0, aliases: 0, cost: 0, introspection: 0, repeats: 0, directives, tokens, cycle };
  const measurer = new DocumentMeasurer(schema, fragments, variables, limits);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION).map((operation) => measurer.operation(operation));
  measurer.unusedFragments();
  const largest = (key: 'depth' | 'aliases' | 'cost' | 'introspection') => Math.max(0, ...operations.map((m) => m[key]));
  return { depth: largest('depth'), aliases: largest('aliases'), cost: largest('cost'), introspection: largest('introspection'), repeats: measurer.repeats, directives, tokens, cycle: null };
}

/** What a request over the limits is told; empty when it is within them. */
export function limitViolations(measure: QueryMeasure, limits: QueryLimits = QUERY_LIMITS): string[] {
  const over: string[] = [];
  const amount = (n: number, beyond = 1e15) => (n < beyond ? String(Math.round(n)) : `more than ${beyond}`);
  if (measure.tokens > limits.maxTokens) over.push(`The query has ${measure.tokens} tokens; the hub accepts at most ${limits.maxTokens}.`);
  if (measure.cycle) over.push(`Fragment "${measure.cycle}" spreads itself; the hub refuses fragment cycles.`);
  if (measure.depth > limits.maxDepth) over.push(`The query is nested ${measure.depth} fields deep; the hub accepts at most ${limits.maxDepth}.`);
  if (measure.aliases > limits.maxAliases) over.push(`The query uses ${amount(measure.aliases)} aliases; the hub accepts at most ${limits.maxAliases}.`);
  if (measure.repeats > limits.maxRepeats) over.push(`The query asks for one field ${amount(measure.repeats)} times in one place; the hub accepts at most ${limits.maxRepeats}.`);
  if (measure.directives > limits.maxDirectives) over.push(`The query has ${measure.directives} directives; the hub accepts at most ${limits.maxDirectives}.`);
  if (measure.cost > limits.maxCost) over.push(`The query could resolve about ${amount(measure.cost)} fields; the hub accepts at most ${limits.maxCost}. Ask for fewer fields or smaller pages (\`first\`).`);
  if (measure.introspection > limits.maxIntrospection)
    over.push(`The query's introspection would return ${amount(measure.introspection, limits.maxIntrospection)} fields; the hub accepts at most ${limits.maxIntrospection} (the whole schema, once).`);
  return over;
}

/**
 * A graphql-js validation rule that runs first: on entering the document it measures it, and if
 * any limit is exceeded it reports why and returns null, which tells graphql-js's visitor to skip
 * the whole document, so none of the other rules (OverlappingFieldsCanBeMerged compares pairs of
 * fields, and grows with the square of a document) ever looks at it. The request is refused
 * (GRAPHQL_VALIDATION_FAILED) before any resolver runs. Variables are not known here; the hub
 * measures again with them before running the operation (`limitViolations` with variables).
 */
export function queryLimitsRule(limits: QueryLimits = QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      enter(document) {
        const violations = limitViolations(measureDocument(context.getSchema(), document, {}, limits), limits);
        if (!violations.length) return undefined;
        for (const message of violations) context.reportError(new GraphQLError(message));
        return null;
      },
    },
  });
}
