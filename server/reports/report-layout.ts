/**
 * A query's answer as a table, decided by the question, not the answer: one column per leaf field
 * the query selects (the fields of a nullable object and of a list always included), each with
 * its header label, unit and spreadsheet form from the schema; and the measures whose figures the
 * answer carries. The add-in, `export` and `refresh` all lay a result out by this.
 */
import {
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  parse,
  TypeNameMetaFieldDef,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { badInput } from '../errors/domain-error.js';
import type { LabelExtension, MeasureExtension } from '../units/label.js';
import { spreadsheetForm, type CellKind } from '../units/scalars.js';

export interface LayoutColumn {
  /** Response keys from the table's root down, dotted: `shares.contribution` (a single root field is left out). */
  path: string;
  /** The label without its unit: "Contribution". */
  label: string;
  /** The unit in words, "£", "priority offences per member"; null for counts, text and dates. */
  unit: string | null;
  /** What the header cell shows: "Contribution (£)". */
  header: string;
  /** The leaf's GraphQL type: `Money`, `Count`, `String`, `RagStatus`… */
  type: string;
  kind: CellKind;
  numberFormat: string;
  description: string | null;
  /** The paths of the lists the column sits in, outermost first (`''` for a root field that is a list). */
  lists: string[];
}

export interface LayoutMeasure {
  /** Where in the answer the measure's figures are. */
  path: string;
  name: string;
  version: number;
  /** The measure's definition: its result type's description. */
  definition: string;
}

export interface ReportLayout {
  columns: LayoutColumn[];
  measures: LayoutMeasure[];
}

interface Selected {
  key: string;
  field: GraphQLField<unknown, unknown>;
  nodes: FieldNode[];
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** `duringPerMemberYear` → "During per member year": the label of a field that has none of its own. */
export function humanise(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Name" after "Employing agency" reads "Employing agency name"; "FTE" keeps its capitals. */
const continueWith = (prefix: string, label: string) => (prefix ? `${prefix} ${/^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label}` : label);

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!chosen) throw badInput('operationName', operationName ? `the query has no operation ${operationName}.` : 'the query has several operations: name the one to lay out.');
  return chosen;
}

/** The fields a selection set selects on a type, fragments spread in, same response keys merged, in query order. */
function selectedFields(schema: GraphQLSchema, type: GraphQLCompositeType, selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, into = new Map<string, Selected>()): Map<string, Selected> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const name = selection.name.value;
      const field = name === '__typename' ? TypeNameMetaFieldDef : isObjectType(type) ? type.getFields()[name] : undefined;
      if (!field) continue;
      const found = into.get(key);
      if (found) found.nodes.push(selection);
      else into.set(key, { key, field: field as GraphQLField<unknown, unknown>, nodes: [selection] });
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : type;
      selectedFields(schema, condition ?? type, fragment.selectionSet, fragments, into);
    }
  }
  return into;
}

interface Draft extends LayoutColumn {
  /** Labels of the lists the column sits in below the table's own rows, outermost first: to tell apart columns whose headers collide. */
  ancestors: string[];
}

/**
 * The table layout of `query` against `schema`. A query with one root field lays out that field's
 * value (paths start below it); with several, each root field's name starts its columns' paths.
 */
export function reportLayout(schema: GraphQLSchema, query: string, operationName?: string | null): ReportLayout {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    throw badInput('query', (error as Error).message);
  }
  const errors = validate(schema, document);
  if (errors.length) throw badInput('query', errors[0].message);
  const operation = operationOf(document, operationName);
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const root = schema.getRootType(operation.operation)!;
  const roots = [...selectedFields(schema, root, operation.selectionSet, fragments).values()];
  const single = roots.length === 1;

  const drafts: Draft[] = [];
  const measures: LayoutMeasure[] = [];

  const visit = (selected: Selected, path: string, labelPrefix: string, ancestors: string[], lists: string[]) => {
    const { field, key, nodes } = selected;
    const extension = (field.extensions ?? {}) as Partial<LabelExtension>;
    const own = key !== field.name ? key : (extension.label ?? humanise(field.name));
    const isList = isListType(getNullableType(field.type));
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      const form = spreadsheetForm(named.name);
      const label = continueWith(labelPrefix, own);
      const unit = extension.unit ?? form.unit;
      drafts.push({ path, label, unit, header: unit ? `${label} (${unit})` : label, type: named.name, kind: form.kind, numberFormat: form.numberFormat, description: field.description ?? null, lists: isList ? [...lists, path] : lists, ancestors });
      return;
    }
    const measure = (named.extensions as Partial<MeasureExtension> | undefined)?.measure;
    if (measure && !measures.some((m) => m.name === measure.name)) measures.push({ path, ...measure, definition: named.description ?? '' });
    const children = new Map<string, Selected>();
    for (const node of nodes) if (node.selectionSet) selectedFields(schema, named as GraphQLCompositeType, node.selectionSet, fragments, children);
    const topOfTable = single && path === '';
    const nextPrefix = isList || topOfTable ? labelPrefix : continueWith(labelPrefix, own);
    const nextAncestors = isList && !topOfTable ? [...ancestors, own] : ancestors;
    for (const child of children.values()) visit(child, join(path, child.key), nextPrefix, nextAncestors, isList ? [...lists, path] : lists);
  };
  for (const selected of roots) visit(selected, single ? '' : selected.key, '', [], []);
  return { columns: distinctHeaders(drafts), measures };
}

/** Headers that would read the same are told apart by the fields above them, then by their paths. */
function distinctHeaders(drafts: Draft[]): LayoutColumn[] {
  const count = (columns: Draft[], header: string) => columns.filter((c) => c.header === header).length;
  const widened = drafts.map((draft) => {
    if (count(drafts, draft.header) < 2 || !draft.ancestors.length) return draft;
    const label = continueWith(draft.ancestors.reduce((prefix, a) => continueWith(prefix, a), ''), draft.label);
    return { ...draft, label, header: draft.unit ? `${label} (${draft.unit})` : label };
  });
  return widened.map(({ ancestors: _ancestors, ...column }) => (count(widened, column.header) < 2 ? column : { ...column, header: `${column.header} [${column.path || 'value'}]` }));
}
