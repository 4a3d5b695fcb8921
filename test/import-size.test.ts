import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_CSV_CHARS } from '../server/import/import.resolver.js';
import { startTestHub, type TestHub } from './support/hub.js';

/** importRows takes what the README promises: CSV text of up to 2,000,000 characters, over HTTP as the add-in sends it. */
let t: TestHub;
let base: string;
beforeAll(async () => {
  t = await startTestHub({ demo: false });
  base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
  await t.gql('mutation { addPartnership(input: { code: "size", name: "Size" }) { code } }');
});
afterAll(() => t.close());

const IMPORT = 'mutation ($csv: String!) { importRows(kind: "funding-risks", csv: $csv, partnership: "size", dryRun: true) { rows problemCount problems { row column reason } } }';
/** A CSV of exactly `length` characters; '£' and '"' make its JSON about twice as many bytes. */
function csvOf(length: number): string {
  const head = 'Risk reference,Financial year,Certainty,Title\nR1,2014/15,CONFIRMED,"';
  const tail = '"\n';
  const body = '£""'.repeat(Math.ceil((length - head.length - tail.length) / 3)).slice(0, length - head.length - tail.length);
  return `${head}${body.endsWith('"') && !body.endsWith('""') ? `${body.slice(0, -1)}x` : body}${tail}`;
}
const post = (token: string, csv: string) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: IMPORT, variables: { csv } }) });

describe('importRows', () => {
  it(`takes ${MAX_IMPORT_CSV_CHARS} characters of CSV from an admin, and says so when given more`, async () => {
    expect(MAX_IMPORT_CSV_CHARS).toBe(2_000_000);
    const full = csvOf(MAX_IMPORT_CSV_CHARS);
    expect(full).toHaveLength(MAX_IMPORT_CSV_CHARS);
    expect(Buffer.byteLength(JSON.stringify(full))).toBeGreaterThan(3_000_000);
    const taken = await post(t.adminToken, full);
    expect(taken.status).toBe(200);
    const body = await taken.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.importRows.rows, JSON.stringify(body.data.importRows.problems)).toBe(1);

    const over = await (await post(t.adminToken, `${full}x`)).json();
    expect(over.errors[0]).toMatchObject({ message: `csv: at most ${MAX_IMPORT_CSV_CHARS} characters (got ${MAX_IMPORT_CSV_CHARS + 1}); import bigger files with npx iom-hub import.`, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('leaves other tokens\' requests at 1 MB', async () => {
    const finance = await t.token('FINANCE', ['size']);
    const response = await post(finance.token, 'x'.repeat(1_100_000));
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].message).toBe('The request body is larger than 1mb.');
  });
});
