/**
 * "Explain this number": what an answer's figures are. Every answer to a query carries, in
 * `extensions.iomHub`, when its data was read, a hash of the query and its variables, and the
 * measures (name, version, definition) its fields come from; a frozen snapshot keeps the same.
 */
import { createHash } from 'node:crypto';
import { getNamedType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { MeasureDefinition } from '../measures/measure-definition.js';
import { MEASURES_BY_TYPE } from './measures.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The value with every object's keys in order, so equal variables give equal text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  return value;
}

/** SHA-256 (hex) of a query's text: which document a workbook runs, whatever its variables. */
export function documentHash(query: string): string {
  return sha256(query);
}

/**
 * SHA-256 (hex) of the query text, a line feed, and the variables as JSON with their keys sorted
 * (`{}` for none): the same question asked again gives the same hash.
 */
export function queryHash(query: string, variables: Record<string, unknown> | null | undefined): string {
  return sha256(`${query}\n${JSON.stringify(canonical(variables ?? {}))}`);
}

/** The measures the fields a document selects come from, each once. */
export function measuresOf(schema: GraphQLSchema, document: DocumentNode): MeasureDefinition[] {
  const typeInfo = new TypeInfo(schema);
  const found = new Set<MeasureDefinition>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        const measure = type && MEASURES_BY_TYPE.get(getNamedType(type).name);
        if (measure) found.add(measure);
      },
    }),
  );
  return [...found];
}

/** The `extensions.iomHub` entry of an answer. */
export interface AnswerExplanation {
  /** When the hub read the data (ISO 8601). */
  dataAsAt: string;
  queryHash: string;
  measures: { name: string; version: number; definition: string }[];
}

export function explainAnswer(schema: GraphQLSchema, document: DocumentNode, query: string, variables: Record<string, unknown> | null | undefined, at: Date): AnswerExplanation {
  return {
    dataAsAt: at.toISOString(),
    queryHash: queryHash(query, variables),
    measures: measuresOf(schema, document).map(({ name, version, definition }) => ({ name, version, definition })),
  };
}
