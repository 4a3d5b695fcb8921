import { describe, expect, it } from 'vitest';
import { bindNamed } from './named-params.js';

describe('bindNamed', () => {
  it('turns each :name into a ? with its value, in the order they appear', () => {
    expect(bindNamed('SELECT * FROM m WHERE m.start_date <= :date AND (m.end_date IS NULL OR m.end_date > :date) AND p = :partnershipId', { partnershipId: 7, date: '2020-03-31' }))
      .toEqual({ sql: 'SELECT * FROM m WHERE m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?) AND p = ?', bindings: ['2020-03-31', '2020-03-31', 7] });
  });

  it('expands a list into one ? per value', () => {
    expect(bindNamed('n.partnership_id IN (:ids) AND x = :x', { ids: [3, 5, 8], x: null })).toEqual({ sql: 'n.partnership_id IN (?, ?, ?) AND x = ?', bindings: [3, 5, 8, null] });
  });

  it('expands a list of rows into one parenthesised row each', () => {
    expect(bindNamed('WITH months(month, e) AS (VALUES :months) SELECT 1', { months: [['2020-01', '2020-01-31'], ['2020-02', '2020-02-29']] }))
      .toEqual({ sql: 'WITH months(month, e) AS (VALUES (?, ?), (?, ?)) SELECT 1', bindings: ['2020-01', '2020-01-31', '2020-02', '2020-02-29'] });
  });

  it('leaves quoted text, quoted identifiers and PostgreSQL casts alone', () => {
    const query = `SELECT 'at :noon' AS "a:b", 'it''s :not' AS t, CAST(:d AS date)::text, date(:d, '-12 months') AS "group"`;
    expect(bindNamed(query, { d: '2020-01-31' })).toEqual({
      sql: `SELECT 'at :noon' AS "a:b", 'it''s :not' AS t, CAST(? AS date)::text, date(?, '-12 months') AS "group"`,
      bindings: ['2020-01-31', '2020-01-31'],
    });
  });

  it('refuses a name with no value, a value never used, an empty list and a positional ?', () => {
    expect(() => bindNamed('x = :missing', {})).toThrow('The SQL parameter :missing has no value.');
    expect(() => bindNamed('x = :a', { a: 1, b: 2, c: 3 })).toThrow('The statement does not use the SQL parameters :b, :c.');
    expect(() => bindNamed('x IN (:ids)', { ids: [] })).toThrow('The SQL parameter :ids is an empty list.');
    expect(() => bindNamed('x = ? AND y = :y', { y: 1 })).toThrow('Write SQL parameters as :name, not ?.');
  });
});
