/**
 * Picks one value out of a result by a path a user can type in a cell:
 * `total`, `shares[1].percent` (1-based), `shares[agency=norfolk-constabulary].contribution`.
 */
const SEGMENT = /^([A-Za-z_][\w]*)(?:\[(?:(\d+)|([A-Za-z_]\w*)=([^\]]*))\])?$/;

export function pickPath(data: unknown, path: string): unknown {
  const segments = path.split(/\.(?![^[]*\])/).map((s) => s.trim()).filter(Boolean);
  if (!segments.length) throw new Error('The path is empty.');
  let value: unknown = data;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const first = SEGMENT.exec(segments[0])?.[1];
    if (keys.length === 1 && first !== keys[0]) value = (value as Record<string, unknown>)[keys[0]];
  }
  let walked = '';
  for (const segment of segments) {
    const match = SEGMENT.exec(segment);
    if (!match) throw new Error(`"${segment}" is not a path step (use name, name[2] or name[field=value]).`);
    const [, field, index, key, wanted] = match;
    walked = walked ? `${walked}.${segment}` : segment;
    if (!value || typeof value !== 'object' || !(field in (value as object))) throw new Error(`The result has no "${walked}".`);
    value = (value as Record<string, unknown>)[field];
    if (index !== undefined || key !== undefined) {
      if (!Array.isArray(value)) throw new Error(`"${field}" is not a list.`);
      const item = index !== undefined ? value[Number(index) - 1] : value.find((entry) => entry && String((entry as Record<string, unknown>)[key]) === wanted);
      if (item === undefined) throw new Error(`The result has no "${walked}".`);
      value = item;
    }
  }
  if (value !== null && typeof value === 'object') throw new Error(`"${path}" is a list or object, not one value; add a field to the path.`);
  return value;
}
