import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../server/access/audit-chain.js';
import { plainTextCounts } from '../server/access/plain-lists.js';
import { Role } from '../server/access/role.js';
import { createHub, type Hub } from '../server/app.js';
import { engineOf } from '../server/db/dialect.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * On SQLite the flat referral list asked for leaves alone is written as its JSON text by SQLite
 * (server/access/plain-text.ts, referralsAsText). Over HTTP its answer must be the very text
 * graphql-js's answer is (a hub with the plain answers off, on the same database), character for
 * character, for every field set, alias, filter and caller, and for awkward stored values; and it
 * must leave the same audit entry (the same nominals, the blocks written in the same order) in a
 * chain that verifies. On PostgreSQL the list is answered as before, never as text.
 */
let t: TestHub;
/** graphql-js answers every query (plainLists: false), on the same database. */
let old: Hub;
const ports = { plain: 0, graphql: 0 };
beforeAll(async () => {
  t = await startTestHub();
  old = await createHub({ orm: t.orm, plainLists: false, logError: () => {} });
  ports.plain = await t.hub.listen(0, '127.0.0.1');
  ports.graphql = await old.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await old?.stop();
  old?.httpServer.close();
  await t?.close();
});

const BENCH = 'id referralDate matrixScore orgsScore panelDate decision agency indexOffenceCode';
const EVERY_LEAF = 'id version referralDate reference matrixScore orgsScore panelDate decision decisionNote agency indexOffenceCode';

async function overHttp(port: number, token: string, query: string, variables: Record<string, unknown>): Promise<{ status: number; length: string | null; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, length: response.headers.get('content-length'), text: await response.text() };
}

/** The latest audit entry as stored (its id, time and hash aside), with its read blocks in the order they were written. */
async function lastEntry(): Promise<unknown> {
  const connection = t.orm.em.fork().getConnection();
  const [entry] = await connection.execute<Record<string, unknown>[]>('select * from audit_entry order by id desc limit 1');
  const order = engineOf(t.orm.em) === 'sqlite' ? 'rowid' : 'block';
  const blocks = await connection.execute<Record<string, unknown>[]>(`select block, nominals, identities from audit_read_block where entry_id = ${Number(entry.id)} order by ${order}`);
  const { id: _id, at: _at, hash: _hash, ...rest } = entry;
  return { ...rest, blocks: blocks.map((b: Record<string, unknown>) => [Number(b.block), Number(b.nominals), Number(b.identities)]) };
}

/** The query over HTTP from the test hub and from graphql-js's, each followed by its audit entry; whether the test hub answered it as text. */
async function bothWays(token: string, query: string, variables: Record<string, unknown>) {
  const before = plainTextCounts.answered;
  const text = await overHttp(ports.plain, token, query, variables);
  const textAudit = await lastEntry();
  const asText = plainTextCounts.answered === before + 1;
  const graphql = await overHttp(ports.graphql, token, query, variables);
  const graphqlAudit = await lastEntry();
  return { text, graphql, textAudit, graphqlAudit, asText };
}

describe('the flat referral list written as its JSON text by SQLite', () => {
  it('is graphql-js\'s text over HTTP, with the same audit entry, for every caller, field set, alias and filter', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    const callers = [
      t.adminToken,
      (await t.token(Role.CASE_MANAGER, [first.code])).token,
      (await t.token(Role.CASE_MANAGER, [second.code])).token,
      (await t.token(Role.ANALYST, [first.code])).token,
      (await t.token(Role.FINANCE, [first.code])).token,
    ];
    const queries: [string, Record<string, unknown>?][] = [
      [`query ($p: String!) { referrals(partnership: $p) { ${BENCH} } }`],
      [`query ($p: String!) { referrals(partnership: $p) { ${EVERY_LEAF} } }`],
      [`query ($p: String!) { list: referrals(partnership: $p) { __typename key: id when: referralDate agency decision __typename2: __typename } }`],
      [`query ($p: String!, $d: PanelDecision) { referrals(partnership: $p, decision: $d) { decision decisionNote panelDate id } }`, { d: 'DECLINED' }],
      [`query ($p: String!, $d: PanelDecision) { referrals(partnership: $p, decision: $d) { id } }`, { d: 'PENDING' }],
      [`query ($p: String!, $s: StatutoryStatus) { referrals(partnership: $p, statutoryStatus: $s) { indexOffenceCode id } }`, { s: 'CRC' }],
    ];
    let asText = 0, rows = 0, empty = 0;
    for (const { code } of [first, second])
      for (const token of callers)
        for (const [query, variables] of queries) {
          const both = await bothWays(token, query, { p: code, ...variables });
          const what = `${code} ${query}`;
          expect(both.text, what).toEqual(both.graphql);
          if (both.text.status !== 200 || both.text.text.includes('"errors"')) {
            expect(both.asText, what).toBe(false);
            continue;
          }
          expect(both.asText, what).toBe(engineOf(t.orm.em) === 'sqlite');
          const list = Object.values((JSON.parse(both.text.text) as { data: Record<string, unknown[]> }).data)[0];
          if (list.length) expect(both.textAudit, what).toEqual(both.graphqlAudit);
          if (!list.length) empty++;
          asText++;
          rows += list.length;
        }
    expect(asText).toBeGreaterThan(20);
    expect(rows).toBeGreaterThan(100);
    expect(empty).toBeGreaterThan(0);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('is graphql-js\'s text for stored values its checks must catch, and leaves to the usual answer those they refuse', async () => {
    // SQLite keeps each value as written (a text in an integer column, a NUL in a text); PostgreSQL's
    // typed columns refuse these, and its list is never written as text.
    if (engineOf(t.orm.em) !== 'sqlite') return;
    const connection = t.orm.em.getConnection();
    const [referral] = await connection.execute<Record<string, unknown>[]>(
      'SELECT r.id, r.referral_date, r.matrix_score, r.orgs_score, r.panel_date, r.decision_note, r.reference, p.code FROM referral r JOIN nominal n ON n.id = r.nominal_id JOIN partnership p ON p.id = n.partnership_id ORDER BY r.id LIMIT 1',
    );
    const id = Number(referral.id);
    const restore = `UPDATE referral SET referral_date = ?, matrix_score = ?, orgs_score = ?, panel_date = ?, decision_note = ?, reference = ? WHERE id = ${id}`;
    const saved = [referral.referral_date, referral.matrix_score, referral.orgs_score, referral.panel_date, referral.decision_note, referral.reference];
    const query = `query ($p: String!) { referrals(partnership: $p) { ${EVERY_LEAF} } }`;
    // [the change, answered as text on SQLite]
    const cases: [string, unknown[], boolean][] = [
      // Texts JSON must escape: quotes, backslashes, control characters, line and paragraph separators, accents, an emoji.
      ['decision_note = ?, reference = ?', ['say "no" \\ \n\t\r\b\f \u0001\u001f\u007f \u2028\u2029 café 😀', 'ref ? \\?'], true],
      // A date with a time after it: the Date scalar shows its first ten characters.
      ['referral_date = ?, panel_date = ?', ['2015-02-03T10:20:30Z', '2015-03-04 extra'], true],
      // The largest Int, and a Percent past it (a Float): as they are.
      ['matrix_score = ?, orgs_score = ?', [2147483647, 2147483648], true],
      // A text SQLite keeps as text in an integer column, which the Int scalar reads as the number 12: SQLite's JSON would quote it.
      ['matrix_score = ?', ['0x0C'], false],
      // A real number: SQLite's JSON writes fifteen digits; graphql-js refuses it as an Int.
      ['matrix_score = ?', [3.0000000000000004], false],
      // Past the Int's range, a date that is not one: graphql-js's errors.
      ['matrix_score = ?', [2147483648], false],
      ['panel_date = ?', ['3rd of May'], false],
      // A whole number past 2^53 in a Percent: graphql-js shows the double it is read as, not SQLite's digits.
      ['orgs_score = 9007199254740993', [], false],
    ];
    try {
      for (const [set, values, asText] of cases) {
        await connection.execute(restore, saved);
        await connection.execute(`UPDATE referral SET ${set} WHERE id = ${id}`, values);
        const both = await bothWays(t.adminToken, query, { p: referral.code });
        expect(both.text, set).toEqual(both.graphql);
        expect(both.asText, `${set} ${JSON.stringify(values)}`).toBe(asText && engineOf(t.orm.em) === 'sqlite');
        if (both.text.status === 200 && !both.text.text.includes('"errors"')) expect(both.textAudit, set).toEqual(both.graphqlAudit);
      }
    } finally {
      await connection.execute(restore, saved);
    }
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });
});
