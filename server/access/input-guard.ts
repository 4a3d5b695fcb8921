import { badInput } from '../errors/domain-error.js';

/** A UTF-16 surrogate without its partner: text no database can store as sent (it keeps U+FFFD instead). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `text` as either database stores it: each lone surrogate as U+FFFD (the replacement character). */
export function asStored<T extends string | null>(text: T): T {
  return text !== null && LONE_SURROGATE.test(text) ? (text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD') as T) : text;
}

/** What is wrong with a string as text to store, or null. */
function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character.';
  const lone = LONE_SURROGATE.exec(value);
  if (lone) return `must be well-formed Unicode text: it holds a lone surrogate (\\u${lone[0].charCodeAt(0).toString(16).toUpperCase()}) at character ${lone.index + 1}.`;
  return null;
}

/**
 * The path of the first string in `value` that could not be stored as sent, and why, or null:
 * a NUL character (SQLite's driver ends a statement's text there) or a lone surrogate (either
 * database stores U+FFFD in its place, so the value read back, and the audit entry recording
 * it, would differ from what was sent).
 */
export function badTextOf(value: unknown, path: string): { path: string; problem: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = badTextOf(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = badTextOf(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses arguments holding text that cannot be stored as sent (badTextOf) with BAD_USER_INPUT naming the argument. */
export function refuseBadText(args: Record<string, unknown>): void {
  const found = badTextOf(args, '');
  if (found) throw badInput(found.path, found.problem);
}
