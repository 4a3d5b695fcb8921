/**
 * Text from the hub is written into cells as values; Excel turns a value that starts with
 * `=`, `+`, `-` or `@` into a formula. A leading apostrophe keeps it as the text it was.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type Cell = string | number | boolean | null;

/** A cell value safe to assign to `range.values`: text neutralised, null as an empty cell. */
export function safeCell(value: Cell): string | number | boolean {
  if (value === null) return '';
  return typeof value === 'string' ? neutraliseText(value) : value;
}
