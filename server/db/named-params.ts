/** Values for a statement's `:name` parameters. An array is a list (`IN (:ids)`), an array of arrays a list of rows (`VALUES :rows`). */
export type SqlParams = Readonly<Record<string, unknown>>;

/** Quoted text and identifiers, PostgreSQL's `::` casts, a `:name`, or a positional `?`. */
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|::|:([A-Za-z_]\w*)|\?/g;

/**
 * The hub's hand-written SQL names its parameters (`n.partnership_id = :partnershipId`); the drivers
 * of both engines take them by position (`?`, which knex turns into `$1` for PostgreSQL). This
 * rewrites a statement and its values into that form: each `:name` becomes `?` with its value in
 * order (a name may appear more than once), an array becomes a list of `?`, and an array of arrays
 * a list of rows, `(?, ?), (?, ?)`. Quoted text, quoted identifiers ("group") and `::date` casts
 * are left as they are. A name with no value, a value the statement never uses, an empty list or a
 * stray `?` is a programming error.
 */
export function bindNamed(query: string, params: SqlParams): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const used = new Set<string>();
  const sql = query.replace(TOKENS, (token: string, name: string | undefined) => {
    if (token === '?') throw new Error('Write SQL parameters as :name, not ?.');
    if (name === undefined) return token;
    if (!Object.hasOwn(params, name)) throw new Error(`The SQL parameter :${name} has no value.`);
    used.add(name);
    const value = params[name];
    if (!Array.isArray(value)) {
      bindings.push(value);
      return '?';
    }
    if (!value.length) throw new Error(`The SQL parameter :${name} is an empty list.`);
    if (!value.every(Array.isArray)) {
      bindings.push(...value);
      return value.map(() => '?').join(', ');
    }
    bindings.push(...value.flat());
    return value.map((row: unknown[]) => `(${row.map(() => '?').join(', ')})`).join(', ');
  });
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length) throw new Error(`The statement does not use the SQL parameter${unused.length > 1 ? 's' : ''} ${unused.map((n) => `:${n}`).join(', ')}.`);
  return { sql, bindings };
}
