/**
 * Example variables a caller can run: a report's example for a partnership the caller's token sees,
 * so GraphiQL's tabs and the add-in's library open on data the token may read. Pure: no database.
 */

const PARTNERSHIP_KEYS = new Set(['partnership', 'partnerships']);

/** The partnership codes an example names: the values of `partnership` and `partnerships` at any depth. */
export function partnershipsNamed(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(partnershipsNamed);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (PARTNERSHIP_KEYS.has(key)) return (Array.isArray(inner) ? inner : [inner]).filter((code): code is string => typeof code === 'string');
    return partnershipsNamed(inner);
  });
}

/** The example with every partnership it names replaced by `code`. */
export function withPartnership(value: unknown, code: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withPartnership(item, code));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === 'partnership' && typeof inner === 'string') return [key, code];
      if (key === 'partnerships' && Array.isArray(inner)) return [key, [code]];
      return [key, withPartnership(inner, code)];
    }),
  );
}

/**
 * The first example (JSON text) whose partnerships the caller sees all of; failing that, the first
 * example on the first partnership the caller sees (`visible`: their codes, sorted, or 'ALL').
 */
export function exampleFor(examples: readonly string[], visible: readonly string[] | 'ALL'): string {
  const parsed = examples.map((text) => JSON.parse(text) as unknown);
  if (!parsed.length) return '{}';
  const index = parsed.findIndex((example) => visible === 'ALL' || partnershipsNamed(example).every((code) => visible.includes(code)));
  if (index >= 0) return examples[index];
  if (visible === 'ALL' || !visible.length) return examples[0];
  return JSON.stringify(withPartnership(parsed[0], visible[0]));
}
