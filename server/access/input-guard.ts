import { badInput } from '../errors/domain-error.js';

/**
 * The path of the first string in `value` that holds a NUL character, or null. SQLite's driver
 * ends a statement's text at a NUL, so such a string could never be stored or matched as sent.
 */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses arguments holding a NUL character with BAD_USER_INPUT naming the argument. */
export function refuseNulCharacters(args: Record<string, unknown>): void {
  const path = nulPath(args, '');
  if (path) throw badInput(path, 'must not contain the NUL character.');
}
