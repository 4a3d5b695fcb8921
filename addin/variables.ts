/**
 * Variable resolution: the variables an operation declares, and their values for one refresh —
 * literals, or the current value of a named cell coerced to the declared type.
 */
import type { VariableSource } from './binding.js';

export interface DeclaredVariable {
  name: string;
  /** The GraphQL type as written, e.g. `String!`, `Int`, `[String!]`. */
  type: string;
  required: boolean;
}

/** The `$name: Type` declarations of the first operation in a query text. */
export function declaredVariables(query: string): DeclaredVariable[] {
  const withoutComments = query.replace(/#[^\n]*/g, '');
  const header = /^\s*(?:query|mutation|subscription)\b[^({]*\(([^)]*)\)/m.exec(withoutComments);
  if (!header) return [];
  const found: DeclaredVariable[] = [];
  const declaration = /\$(\w+)\s*:\s*([\w[\]!]+)/g;
  for (let match = declaration.exec(header[1]); match; match = declaration.exec(header[1])) {
    found.push({ name: match[1], type: match[2], required: match[2].endsWith('!') });
  }
  return found;
}

/** A cell's value converted to what the variable's type expects. */
export function coerceToType(value: unknown, type: string): unknown {
  const named = type.replace(/[!\s]/g, '');
  if (value === '' || value === null || value === undefined) return null;
  if (named.startsWith('[')) return typeof value === 'string' ? value.split(',').map((part) => coerceToType(part.trim(), named.slice(1, -1))) : [value];
  if (named === 'Int') {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`"${value}" is not a whole number.`);
    return n;
  }
  if (named === 'Float') {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new Error(`"${value}" is not a number.`);
    return n;
  }
  if (named === 'Boolean') return value === true || String(value).toLowerCase() === 'true';
  if (named === 'String' || named === 'ID') return String(value);
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) return JSON.parse(trimmed);
  }
  return value;
}

export type CellReader = (names: string[]) => Promise<Record<string, unknown>>;

/** The variables to send: literals as they are, named cells read through `readCells` in one go. */
export async function resolveVariables(query: string, sources: Record<string, VariableSource>, readCells: CellReader): Promise<Record<string, unknown>> {
  const declared = new Map(declaredVariables(query).map((v) => [v.name, v]));
  const cellNames = Object.values(sources).flatMap((source) => ('cell' in source ? [source.cell] : []));
  const cells = cellNames.length ? await readCells([...new Set(cellNames)]) : {};
  const variables: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(sources)) {
    const raw = 'cell' in source ? cells[source.cell] : source.value;
    const type = declared.get(name)?.type ?? '';
    try {
      variables[name] = 'cell' in source ? coerceToType(raw, type) : raw;
    } catch (error) {
      throw new Error(`Variable ${name} (from ${'cell' in source ? `cell ${source.cell}` : 'its value'}): ${(error as Error).message}`);
    }
  }
  for (const variable of declared.values()) {
    if (variable.required && (variables[variable.name] === undefined || variables[variable.name] === null)) {
      throw new Error(`Variable ${variable.name} (${variable.type}) needs a value.`);
    }
  }
  return variables;
}
