import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';

/**
 * Property-based fuzzing of string and number arguments over real HTTP, as a finance officer of
 * norfolk-suffolk: whatever is sent, the hub answers below 500, every error is one a user can act
 * on (never a masked internal error), and a rejected request changes no data.
 */
let t: TestHub;
let base: string;
let token: string;
const logged: unknown[] = [];

beforeAll(async () => {
  t = await startTestHub({ logError: (error) => logged.push(error), access: { rateLimitPerMinute: 1_000_000 } });
  base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
  token = (await t.token('FINANCE', ['norfolk-suffolk'])).token;
});
afterAll(() => t.close());

const EXPECTED_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']);

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('norfolk-suffolk', 'thurrock', 'barnet', '2014/15', '2015/16', '2014-15', '', ' ', "'; drop table establishment_line; --", '\u0000', '%', '*', 'x'.repeat(3000), '1', '-1', '9007199254740993'),
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 0.005, 1e308, -1e308, 2 ** 53, 2 ** 31, -(2 ** 31) - 1, Number.NaN, Number.POSITIVE_INFINITY),
);

async function send(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const OPERATIONS: [string, string, fc.Arbitrary<Record<string, unknown>>][] = [
  ['establishment', 'query ($p: String!, $y: String!) { establishment(partnership: $p, financialYear: $y) { totalFte lines { grade } } }', fc.record({ p: text, y: text })],
  ['addEstablishmentLine', 'mutation ($p: String!, $y: String!, $g: String!, $f: Float!, $b: Float, $a: String, $pos: Int) { addEstablishmentLine(partnership: $p, financialYear: $y, line: { grade: $g, fte: $f, budget: $b, employingAgency: $a, position: $pos }) { id } }',
    fc.record({ p: fc.oneof(text, fc.constant('norfolk-suffolk')), y: fc.oneof(text, fc.constant('2014/15')), g: text, f: number, b: number, a: fc.option(text), pos: fc.option(number) })],
  ['updateFundingStream', 'mutation ($id: ID!, $v: Int!, $f: String!, $p: String!, $y: String!, $amount: Float, $end: String) { updateFundingStream(id: $id, expectedVersion: $v, stream: { funder: $f, purpose: $p, fromFinancialYear: $y, certainty: EXPECTED, amountExpected: $amount, endDate: $end }) { id } }',
    fc.record({ id: fc.oneof(text, fc.nat({ max: 40 }).map(String)), v: number, f: text, p: text, y: text, amount: number, end: fc.option(text) })],
  ['removeEstablishmentLine', 'mutation ($id: ID!, $v: Int!) { removeEstablishmentLine(id: $id, expectedVersion: $v) }', fc.record({ id: fc.oneof(text, fc.nat({ max: 40 }).map(String)), v: number })],
  ['saveCostShareDraft', 'mutation ($p: String!, $y: String!, $v: Int, $a: String!, $pc: Float, $w: Int) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: { basis: FIXED_PERCENTAGES, shares: [{ agency: $a, percent: $pc, weight: $w }] }) { version } }',
    fc.record({ p: fc.oneof(text, fc.constant('norfolk-suffolk')), y: fc.oneof(text, fc.constant('2016/17')), v: fc.option(number), a: text, pc: number, w: fc.option(number) })],
  ['scenario', 'query ($p: String!, $y: String!, $n: Int!, $g: String!, $fte: Float!, $per: Int!, $cost: Float!) { scenario(input: { partnership: $p, financialYear: $y, cohortTarget: $n, ratios: [{ grade: $g, fte: $fte, perNominals: $per }], pay: [{ grade: $g, costPerFte: $cost }] }) { budget fundingGap } }',
    fc.record({ p: fc.oneof(text, fc.constant('norfolk-suffolk')), y: fc.oneof(text, fc.constant('2014/15')), n: number, g: text, fte: number, per: number, cost: number })],
  ['partnership', 'query ($c: String!) { partnership(code: $c) { code agencies { code } } }', fc.record({ c: text })],
];

describe('fuzzing string and number arguments', () => {
  it.each(OPERATIONS)('%s: no 5xx, no unmasked or internal error, and no change from a rejected request', async (_name, query, variables) => {
    await fc.assert(
      fc.asyncProperty(variables, async (vars) => {
        const before = await dataSnapshot(t.orm);
        const { status, body } = await send(query, vars);
        expect(status).toBeLessThan(500);
        for (const error of body.errors ?? []) {
          expect(EXPECTED_CODES, `${error.extensions?.code}: ${error.message}`).toContain(error.extensions?.code);
          expect(error.message).not.toMatch(/sqlite|select |insert |\bat \S+\.(ts|js)|Internal server error/i);
        }
        if (body.errors?.length) expect(await dataSnapshot(t.orm)).toBe(before);
      }),
      { numRuns: 30 },
    );
    expect(logged).toEqual([]);
  });
});
