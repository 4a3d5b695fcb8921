import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './upsert.js';

/** The PostgreSQL driver's own conversion of a bound value (pg/lib/utils.js), which arrayLiteral makes ahead of time. */
const pgUtils = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/postgresql'))('pg/lib/utils.js') as { prepareValue(value: unknown): unknown };

describe('arrayLiteral', () => {
  it('writes a column\'s values as the PostgreSQL driver would', () => {
    const columns: unknown[][] = [
      [1, 0, -7, 2.5, 1e21, Number.MAX_SAFE_INTEGER],
      ['OFF-0000001', '', 'NULL', 'null', 'a,b', '{x}', 'say "no"', 'back\\slash', '\\"', ' lead and trail ', 'tab\tnew\nline', 'Ünïcödé £ 😀'],
      [true, false, null, undefined, 'x'],
      [],
      [null],
    ];
    for (const values of columns) expect(arrayLiteral(values)).toBe(pgUtils.prepareValue(values));
  });

  it('leaves any other value to the driver', () => {
    expect(arrayLiteral([1, new Date(0)])).toBeNull();
    expect(arrayLiteral(['a', { a: 1 }])).toBeNull();
    expect(arrayLiteral([Buffer.from('a')])).toBeNull();
  });
});
