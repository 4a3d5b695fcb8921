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
  print,
  TypeInfo,
  TypeNameMetaFieldDef,
  validate,
  visit,
  visitWithTypeInfo,
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
import { spreadsheetForm } from '../units/scalars.js';
import type { LayoutColumn, LayoutMeasure, ReportLayout } from '../../wire/report-layout.js';

export type { LayoutColumn, LayoutMeasure, ReportLayout } from '../../wire/report-layout.js';

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

/** The fields of a type that tell its figures apart (`@Label(…, { tellsApart: true })`: a measure's `source`). */
function tellingApart(type: GraphQLCompositeType | null | undefined): GraphQLField<unknown, unknown>[] {
  if (!type || !isObjectType(type)) return [];
  return Object.values(type.getFields()).filter((field) => (field.extensions as Partial<LabelExtension> | undefined)?.tellsApart);
}

/**
 * The document with each field that tells figures apart (published or computed) added to every
 * selection set of its type that leaves it out, so no table mixes sources without saying which;
 * the same document when none is missing. Added last, so the query's own columns keep their order.
 */
function withFiguresToldApart(schema: GraphQLSchema, document: DocumentNode, added: Set<FieldNode>): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node) {
        const missing = tellingApart(typeInfo.getParentType()).filter(
          (field) => !node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === field.name),
        );
        if (!missing.length) return undefined;
        const keys = new Set(node.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : [])));
        const fields: FieldNode[] = missing.map((field) => {
          let key = field.name;
          while (keys.has(key)) key = `${key}_`;
          keys.add(key);
          return { kind: Kind.FIELD, name: { kind: Kind.NAME, value: field.name }, ...(key !== field.name ? { alias: { kind: Kind.NAME, value: key } } : {}) };
        });
        for (const field of fields) added.add(field);
        return { ...node, selections: [...node.selections, ...fields] };
      },
    }),
  );
}

interface Draft extends LayoutColumn {
  /** Labels of the lists the column sits in below the table's own rows, outermost first: to tell apart columns whose headers collide. */
  ancestors: string[];
}

/**
 * The table layout of `query` against `schema`. A query with one root field lays out that field's
 * value (paths start below it); with several, each root field's name starts its columns' paths.
 * Where the query leaves out what tells its figures apart (a measure's `source`), the layout adds
 * it, and its `query` is the one to run.
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
  const asked = document;
  /** Fields the hub added: labelled as the schema says, even under an alias. */
  const added = new Set<FieldNode>();
  document = withFiguresToldApart(schema, document, added);
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
    const own = key !== field.name && !nodes.some((node) => added.has(node)) ? key : (extension.label ?? humanise(field.name));
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
  return { query: document === asked ? query : print(document), columns: distinctHeaders(drafts), measures };
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
