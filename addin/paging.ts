/**
 * Lists longer than one page: a query whose root field answers a page (`nodes` with `endCursor`,
 * `hasNextPage` and `totalCount`, as the hub's `cohort` does) is run page after page, passing each
 * page's `endCursor` as `after`, until the list ends or the user's row cap is reached.
 */
import { Kind, parse, print, visit, type ArgumentNode, type FieldNode, type OperationDefinitionNode, type SelectionNode } from 'graphql';
import { HubError, type HubClient } from './hub-client.js';

/** Rows a binding fetches at most unless the user says otherwise. */
export const DEFAULT_MAX_ROWS = 10_000;

const CURSOR_FIELDS = ['endCursor', 'hasNextPage', 'totalCount'];
const AFTER_VARIABLE = 'iomHubAfter';

export interface PagedQuery {
  query: string;
  /** The root field's response key, and the page fields the query did not ask for (dropped from the answer). */
  key: string;
  added: string[];
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const field = (value: string): FieldNode => ({ kind: Kind.FIELD, name: name(value) });

/** The query rewritten to page through its first root field that selects `nodes`; undefined when none does. */
export function pagedQuery(query: string): PagedQuery | undefined {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.operation !== 'query') return undefined;
  const root = operation.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && Boolean(s.selectionSet?.selections.some((inner) => inner.kind === Kind.FIELD && inner.name.value === 'nodes')),
  );
  if (!root) return undefined;
  const selected = new Set(root.selectionSet!.selections.flatMap((s) => (s.kind === Kind.FIELD && !s.alias ? [s.name.value] : [])));
  const added = CURSOR_FIELDS.filter((f) => !selected.has(f));
  const after: ArgumentNode = { kind: Kind.ARGUMENT, name: name('after'), value: { kind: Kind.VARIABLE, name: name(AFTER_VARIABLE) } };
  const rewritten = visit(document, {
    OperationDefinition(node) {
      if (node !== operation) return undefined;
      return { ...node, variableDefinitions: [...(node.variableDefinitions ?? []), { kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: name(AFTER_VARIABLE) }, type: { kind: Kind.NAMED_TYPE, name: name('String') } }] };
    },
    Field(node) {
      if (node !== root) return undefined;
      const selections: SelectionNode[] = [...node.selectionSet!.selections, ...added.map(field)];
      return { ...node, arguments: [...(node.arguments ?? []).filter((a) => a.name.value !== 'after'), after], selectionSet: { ...node.selectionSet!, selections } };
    },
  });
  return { query: print(rewritten), key: root.alias?.value ?? root.name.value, added };
}

export interface FetchedList {
  data: Record<string, unknown>;
  /** Rows kept (after the cap) and the list's length on the hub, when the answer was a page. */
  shown?: number;
  total?: number;
}

type Page = { nodes: unknown[]; endCursor?: string | null; hasNextPage?: boolean; totalCount?: number };

/**
 * Runs a query; a paged list is followed to its end or to `maxRows`, each page one request (the
 * query's own `first` is the page size). `onPage` hears how many rows have come so far.
 */
export async function fetchAllPages(
  client: HubClient,
  query: string,
  variables: Record<string, unknown>,
  { maxRows = DEFAULT_MAX_ROWS, signal, onPage }: { maxRows?: number; signal?: AbortSignal; onPage?: (rows: number, total?: number) => void } = {},
): Promise<FetchedList> {
  const paged = pagedQuery(query);
  if (!paged) return { data: await client.request(query, variables, signal) };
  let data: Record<string, unknown>;
  try {
    data = await client.request(paged.query, { ...variables, [AFTER_VARIABLE]: null }, signal);
  } catch (error) {
    // A field that selects `nodes` but is not a cursor page: run the query as it was written.
    if (error instanceof HubError && error.kind === 'graphql' && /Cannot query field|Unknown argument/.test(error.message)) return { data: await client.request(query, variables, signal) };
    throw error;
  }
  const first = data[paged.key] as Page | null;
  if (!first || !Array.isArray(first.nodes)) return { data };
  const nodes = [...first.nodes];
  let page = first;
  onPage?.(nodes.length, first.totalCount);
  while (page.hasNextPage && page.endCursor && nodes.length < maxRows) {
    const next = (await client.request<Record<string, unknown>>(paged.query, { ...variables, [AFTER_VARIABLE]: page.endCursor }, signal))[paged.key] as Page;
    nodes.push(...next.nodes);
    page = next;
    onPage?.(Math.min(nodes.length, maxRows), first.totalCount);
  }
  const kept = nodes.slice(0, maxRows);
  const result: Record<string, unknown> = { ...first, nodes: kept };
  for (const added of paged.added) delete result[added];
  const total = typeof first.totalCount === 'number' ? first.totalCount : page.hasNextPage ? undefined : nodes.length;
  return { data: { ...data, [paged.key]: result }, shown: kept.length, total };
}
