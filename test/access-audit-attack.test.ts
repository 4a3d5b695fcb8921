import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/database/database.js';
import { appendAuditEntries, entryHash, verifyAuditChain, type ChainedFields } from '../server/access/audit-chain.js';
import { nominalsReadBy, readAuditLog } from '../server/access/audit.service.js';
import { asSystem } from '../server/access/caller.js';
import { dataOf, startTestHub, testPostgresUrl, type TestHub } from './support/hub.js';
import { runStatements, withDatabase } from '../bench/postgres-cluster.js';

/**
 * A determined reader of the audit log: it reads the log's tables straight from the database (not
 * through the API) and looks for every identity value the hub holds or was ever given; and someone
 * with write access to the database who edits, replaces and removes entries and hopes nobody notices.
 */
const ROOT = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);
const postgres = Boolean(testPostgresUrl());

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

/** Every row of every table whose name starts with `audit`, as lower-case text. */
async function auditTablesText(orm: MikroORM): Promise<string> {
  const connection = orm.em.getConnection();
  const tables: { name: string }[] = postgres
    ? await connection.execute("select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like 'audit%'")
    : await connection.execute("select name from sqlite_master where type = 'table' and name like 'audit%'");
  expect(tables.map((table) => table.name)).toContain('audit_entry');
  let text = '';
  for (const { name } of tables) for (const row of await connection.execute(`select * from "${name}"`)) text += `${JSON.stringify(row)}\n`;
  return text.toLowerCase();
}

/** Every name, date of birth and PNC id in the database now. */
async function identityValuesHeld(orm: MikroORM): Promise<string[]> {
  const rows: { name: string; date_of_birth: string | null; pnc_id: string | null }[] = await orm.em.getConnection().execute('select name, date_of_birth, pnc_id from nominal_identity');
  return rows.flatMap((row) => [row.name, row.date_of_birth, row.pnc_id]).filter((value): value is string => Boolean(value));
}

const found = (text: string, values: string[]) => [...new Set(values)].filter((value) => text.includes(value.toLowerCase()));

const NOMINAL_FIELDS = 'gender: FEMALE, ageBand: "25-34", ethnicity: "White", statutoryStatus: CRC';
const LOG = `query ($f: AuditFilter, $first: Int) { auditLog(filter: $f, first: $first) {
  total entries { id at tokenId role operation entity entityId action before after nominals nominalIds identitiesShown } } }`;

describe('the audit log holds no identity', () => {
  it('whatever a case manager wrote, changed, imported or read, no identity value is in any audit table', async () => {
    const caseManager = await t.token('CASE_MANAGER', ['thurrock']);
    const written = ['Imogen Attacker-Probe', '1984-07-19', '84/765432Z', 'Imogen Probe-Renamed', '1984-07-20', '84/765432Y', 'Bulk Imported Person', '1979-11-02', '79/111111B'];
    const added = dataOf(await t.gql(`mutation { addNominal(partnership: "thurrock", input: { reference: "ATTACK-1", ${NOMINAL_FIELDS},
      identity: { name: "${written[0]}", dateOfBirth: "${written[1]}", pncId: "${written[2]}" } }) { id version identity { name } } }`, {}, caseManager.caller)).addNominal;
    dataOf(await t.gql(`mutation ($id: ID!, $v: Int!) { updateNominal(id: $id, expectedVersion: $v, input: { reference: "ATTACK-1", ${NOMINAL_FIELDS},
      identity: { name: "${written[3]}", dateOfBirth: "${written[4]}", pncId: "${written[5]}" } }) { id version } }`, { id: added.id, v: added.version }, caseManager.caller));
    dataOf(await t.gql(`mutation { importCohortRecords(partnership: "thurrock", records: [{ nominal: { reference: "ATTACK-2", ${NOMINAL_FIELDS},
      identity: { name: "${written[6]}", dateOfBirth: "${written[7]}", pncId: "${written[8]}" } } }]) }`, {}, caseManager.caller));
    dataOf(await t.gql('query ($id: ID!) { nominal(id: $id) { reference identity { name dateOfBirth pncId } } }', { id: added.id }, caseManager.caller));

    const values = [...written, ...(await identityValuesHeld(t.orm))];
    expect(values.length).toBeGreaterThan(300); // the demo cohort's identities too
    // The search works: it finds the values where they belong.
    const identityTable = JSON.stringify(await t.orm.em.getConnection().execute('select * from nominal_identity')).toLowerCase();
    expect(found(identityTable, written)).toEqual(written.slice(3));
    expect(found(await auditTablesText(t.orm), values)).toEqual([]);

    // Through the API, the change of identity says which fields changed, and nothing else.
    const entries = dataOf(await t.gql(LOG, { f: { entity: 'NominalIdentity' }, first: 100 })).auditLog.entries;
    expect(found(JSON.stringify(entries).toLowerCase(), values)).toEqual([]);
    const update = entries.find((entry: { action: string; operation: string }) => entry.action === 'UPDATE' && entry.operation === 'updateNominal');
    expect(JSON.parse(update.after).changed.sort()).toEqual(['dateOfBirth', 'name', 'pncId']);
  });
});

describe('reads are recorded as people', () => {
  it('a query records which nominals it returned and whether identities were shown; "who looked at this person" is one query', async () => {
    const analyst = await t.token('ANALYST', ['thurrock']);
    const caseManager = await t.token('CASE_MANAGER', ['thurrock']);
    const page = dataOf(await t.gql('{ cohort(partnership: "thurrock", first: 3) { nodes { nominal { id reference } } } }', {}, analyst.caller)).cohort;
    const ids = page.nodes.map((node: { nominal: { id: string } }) => node.nominal.id);
    expect(ids).toHaveLength(3);
    const person = ids[1];
    dataOf(await t.gql('query ($id: ID!) { nominal(id: $id) { reference identity { name } } }', { id: person }, caseManager.caller));
    dataOf(await t.gql('query ($id: ID!) { nominal(id: $id) { reference } }', { id: person }, caseManager.caller));

    const analystRead = dataOf(await t.gql(LOG, { f: { tokenId: analyst.id } })).auditLog.entries;
    expect(analystRead).toEqual([expect.objectContaining({ operation: 'cohort', action: 'READ', nominals: 3, identitiesShown: false })]);
    expect([...analystRead[0].nominalIds].sort()).toEqual([...ids].sort());

    const lookedAt = dataOf(await t.gql(LOG, { f: { nominal: person } })).auditLog.entries;
    expect(lookedAt.map((entry: { tokenId: number; operation: string; identitiesShown: boolean }) => [entry.tokenId, entry.operation, entry.identitiesShown])).toEqual([
      [caseManager.id, 'nominal', false],
      [caseManager.id, 'nominal', true],
      [analyst.id, 'cohort', false],
    ]);
    for (const entry of lookedAt) expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('nominal data in a mutation\'s answer is recorded as a read of that nominal', async () => {
    const caseManager = await t.token('CASE_MANAGER', ['thurrock']);
    const added = dataOf(await t.gql(`mutation { addNominal(partnership: "thurrock", input: { reference: "ATTACK-READ", ${NOMINAL_FIELDS},
      identity: { name: "Read Through Mutation" } }) { id reference identity { name } } }`, {}, caseManager.caller)).addNominal;
    const referral = dataOf(await t.gql('mutation ($n: ID!) { referNominal(nominal: $n, input: { agency: "essex-police", referralDate: "2013-01-02" }) { id nominal { reference } } }', { n: added.id }, caseManager.caller)).referNominal;
    expect(referral.nominal.reference).toBe('ATTACK-READ');

    const reads = dataOf(await t.gql(LOG, { f: { nominal: added.id } })).auditLog.entries;
    expect(reads.map((entry: { operation: string; action: string; identitiesShown: boolean; nominalIds: string[] }) => [entry.operation, entry.action, entry.identitiesShown, entry.nominalIds])).toEqual([
      ['referNominal', 'READ', false, [added.id]],
      ['addNominal', 'READ', true, [added.id]],
    ]);
  });
});

/** `npx iom-hub audit verify` on a database: its exit code and everything it printed. */
/** Runs `body` on a new database (a throwaway PostgreSQL database, or a SQLite file) brought up to migration `to`, then removes the database. */
async function atMigration(label: string, to: string, body: (databaseUrl: string, old: MikroORM) => Promise<void>): Promise<void> {
  const server = testPostgresUrl();
  const dir = mkdtempSync(join(tmpdir(), `iom-hub-${label}-`));
  const name = `iom_hub_${label}_${process.pid}`;
  if (server) await runStatements(server, [`drop database if exists ${name}`, `create database ${name}`]);
  const databaseUrl = server ? withDatabase(server, name) : `sqlite:${join(dir, 'hub.sqlite')}`;
  try {
    const old = await openDatabase({ databaseUrl, migrate: false });
    await old.getMigrator().up({ to });
    await body(databaseUrl, old);
  } finally {
    if (server) await runStatements(server, [`drop database if exists ${name} with (force)`]);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function verify(databaseUrl: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/iom-hub.js', 'audit', 'verify', '--database', databaseUrl, ...args], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('the audit log is tamper-evident', () => {
  /** Turns the database's own guard off, as someone with the database file or an owner's login can. */
  async function dropGuards() {
    const connection = t.orm.em.getConnection();
    if (postgres) await connection.execute('alter table audit_entry disable trigger user');
    else for (const { name } of await connection.execute("select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_entry'")) await connection.execute(`drop trigger "${name}"`);
  }

  it('cannot be made to look edited by text that is not well-formed Unicode, written or recorded', async () => {
    const caseManager = await t.token('CASE_MANAGER', ['thurrock']);
    const before = Number((await t.orm.em.getConnection().execute('select count(*) as n from audit_entry'))[0].n);
    // A lone surrogate, as a JSON body or a query's text can carry it: the database stores U+FFFD in its place.
    for (const lone of ['\ud800', 'A\udfffB', 'LONE-\udbff']) {
      const refused = await t.gql('mutation ($r: String!) { addNominal(partnership: "thurrock", input: { reference: $r, ' + NOMINAL_FIELDS + ' }) { id } }', { r: lone }, caseManager.caller);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/input\.reference: .*lone surrogate/);
      const inText = await t.gql(`mutation { addNominal(partnership: "thurrock", input: { reference: "X\\ud800", ${NOMINAL_FIELDS} }) { id } }`, {}, caseManager.caller);
      // In the query's own text graphql-js refuses the escape itself.
      expect(inText.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    }
    // Nothing written, nothing recorded for the refusals.
    expect(Number((await t.orm.em.getConnection().execute("select count(*) as n from nominal where reference like 'X%' or reference like 'LONE%' or reference like 'A%B'"))[0].n)).toBe(0);
    // An entry recorded with such text (from any other way in) is hashed as it is stored: the chain stays whole.
    await appendAuditEntries(t.orm.em.fork(), [{ tokenId: null, role: 'ADMIN', operation: 'updateHub', entity: 'Hub', entityId: 'H\ud800', action: 'UPDATE', before: '{"name":"\udc00"}', after: '{"name":"b"}', partnershipId: null }]);
    expect(Number((await t.orm.em.getConnection().execute('select count(*) as n from audit_entry'))[0].n)).toBeGreaterThan(before);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('refuses to rewrite an entry: UPDATE, DELETE, INSERT OR REPLACE and upserts all fail', async () => {
    const connection = t.orm.em.getConnection();
    const [{ id }] = await connection.execute('select min(id) as id from audit_entry');
    await expect(connection.execute(`update audit_entry set role = 'BOARD' where id = ${id}`)).rejects.toThrow(/audit log cannot be changed/);
    await expect(connection.execute(`delete from audit_entry where id = ${id}`)).rejects.toThrow(/audit log cannot be changed/);
    const replace = postgres
      ? `insert into audit_entry (id, at, role, operation, entity, action) values (${id}, now(), 'BOARD', 'x', 'x', 'READ') on conflict (id) do update set role = excluded.role`
      : `insert or replace into audit_entry (id, at, role, operation, entity, action) values (${id}, 0, 'BOARD', 'x', 'x', 'READ')`;
    await expect(connection.execute(replace)).rejects.toThrow(/audit log cannot be changed/);
    const [{ role }] = await connection.execute(`select role from audit_entry where id = ${id}`);
    expect(role).not.toBe('BOARD');
  });

  it('`audit verify` passes an intact log, and names the first entry removed, replaced or edited', { timeout: 90_000 }, async () => {
    const intact = await verify(t.databaseUrl);
    expect(intact.code, intact.output).toBe(0);
    expect(intact.output).toMatch(/intact/);
    const head = intact.output.trim().split('\n').at(-1)!;
    expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);

    const connection = t.orm.em.getConnection();
    const ids: number[] = (await connection.execute('select id from audit_entry order by id')).map((row: { id: number }) => Number(row.id));
    expect(ids.length).toBeGreaterThan(20);
    await dropGuards();
    // Latest first: each tampering is then the first one `verify` meets.
    const [removed, replaced, edited] = [ids.at(-3)!, ids.at(-8)!, ids.at(-15)!];

    await connection.execute(`delete from audit_entry where id = ${removed}`);
    const afterRemoval = await verify(t.databaseUrl);
    expect(afterRemoval.code).toBe(1);
    expect(afterRemoval.output).toMatch(new RegExp(`entry ${removed}\\b.*removed`));

    // The command line's check is verifyAuditChain: the rest are run in this process.
    const check = async (expectHead?: string) => (await verifyAuditChain(asSystem(t.orm.em, 'test'), { expectHead })).problem ?? 'intact';
    const [row] = await connection.execute(`select * from audit_entry where id = ${replaced}`);
    if (postgres) await connection.execute(`delete from audit_entry where id = ${replaced}`);
    await connection.execute(
      `${postgres ? 'insert' : 'insert or replace'} into audit_entry (${Object.keys(row).map((c) => `"${c}"`).join(', ')}) values (${Object.keys(row).map(() => '?').join(', ')})`,
      Object.values(row).map((value, i) => (Object.keys(row)[i] === 'operation' ? 'revokeAccessToken' : value)),
    );
    expect(await check()).toMatch(new RegExp(`^entry ${replaced}\\b.*(edited|replaced)`));

    await connection.execute(`update audit_entry set after = replace(coalesce(after, '{}'), '}', ',"x":1}') where id = ${edited}`);
    expect(await check()).toMatch(new RegExp(`^entry ${edited}\\b.*(edited|replaced)`));

    // Rewriting the chain from the edited entry on, or cutting the log short, is found against a head kept elsewhere.
    await connection.execute(`delete from audit_entry where id >= ${edited}`);
    expect(await check(head)).toMatch(new RegExp(`^entry ${head.split(':')[0]} \\(the head given\\) was removed`));
  });
});

describe('the migration that redacts the log', () => {
  /** The last migration before the one that redacts identities, for each engine. */
  const BEFORE_REDACTION = postgres ? 'Migration20261122203150' : 'Migration20261122193611';

  it('takes every identity value out of entries written before it, and chains them', { timeout: 90_000 }, async () => {
    await atMigration('redact', BEFORE_REDACTION, async (databaseUrl, old) => {
      // Entries as the hub wrote them before: identity values in `before` and `after`.
      const legacy = ['Ada Legacy', '1979-02-03', '79/000001A', 'Ada Legacy-Renamed', '79/000001B', 'Ben Deleted', '1991-12-31', '91/999999Q'];
      const identity = (name: string, dateOfBirth: string | null, pncId: string | null) => JSON.stringify({ id: 7, nominal: 7, name, dateOfBirth, pncId });
      const rows = [
        ['importCohortRecords', 'CREATE', null, identity(legacy[0], legacy[1], legacy[2])],
        ['updateNominal', 'UPDATE', identity(legacy[0], legacy[1], legacy[2]), identity(legacy[3], legacy[1], legacy[4])],
        ['addNominal', 'CREATE', null, identity(legacy[5], legacy[6], legacy[7])],
        ['removeNominal', 'DELETE', identity(legacy[5], legacy[6], legacy[7]), null],
      ];
      for (const [operation, action, before, after] of rows)
        await old.em.getConnection().execute(
          `insert into audit_entry (at, token_id, role, operation, entity, entity_id, action, before, after, nominals) values (${postgres ? 'now()' : Date.now()}, null, 'CASE_MANAGER', ?, 'NominalIdentity', '7', ?, ?, ?, null)`,
          [operation, action, before, after],
        );
      await old.em.getConnection().execute(`insert into audit_entry (at, token_id, role, operation, entity, action, nominals) values (${postgres ? 'now()' : Date.now()}, 3, 'ANALYST', 'cohort', 'Nominal', 'READ', 12)`);
      expect(found(await auditTablesText(old), legacy)).toEqual(legacy); // the attacker finds them before
      await old.close();

      const migrated = await openDatabase({ databaseUrl });
      try {
        expect(found(await auditTablesText(migrated), legacy)).toEqual([]);
        const entries: { operation: string; before: string | null; after: string | null }[] = await migrated.em.getConnection().execute("select operation, before, after from audit_entry where entity = 'NominalIdentity' order by id");
        expect(entries.map((entry) => [entry.operation, entry.before && JSON.parse(entry.before), entry.after && JSON.parse(entry.after)])).toEqual([
          ['importCohortRecords', null, { id: 7, nominal: 7, changed: ['name', 'dateOfBirth', 'pncId'] }],
          ['updateNominal', { id: 7, nominal: 7 }, { id: 7, nominal: 7, changed: ['name', 'pncId'] }],
          ['addNominal', null, { id: 7, nominal: 7, changed: ['name', 'dateOfBirth', 'pncId'] }],
          ['removeNominal', { id: 7, nominal: 7, changed: ['name', 'dateOfBirth', 'pncId'] }, null],
        ]);
      } finally {
        await migrated.close();
      }
      const chained = await verify(databaseUrl);
      expect(chained.code, chained.output).toBe(0);
      expect(chained.output).toMatch(/5 entries/);
    });
  });
});

describe('the migration that keeps reads 32 nominals to a row', () => {
  /** The last migration before audit_read_block, for each engine. */
  const BEFORE_BLOCKS = postgres ? 'Migration20261129102236' : 'Migration20261129102229';

  it('moves every read over (the same nominals and identities), the chain stays intact, and an altered block is found', { timeout: 90_000 }, async () => {
    // Reads as the hub wrote them before, a row a nominal: ids at both ends of a block, across blocks, and a long spread-out list.
    const reads = [
      new Map([[0, false], [31, true], [32, false], [63, true], [1000, false]]),
      new Map(Array.from({ length: 300 }, (_, i) => [5 + i * 3, i % 7 === 0] as [number, boolean])),
      new Map([[31, false]]),
    ];
    await atMigration('blocks', BEFORE_BLOCKS, async (databaseUrl, old) => {
      const connection = old.em.getConnection();
      const [head] = await connection.execute('select id, hash from audit_entry order by id desc limit 1');
      let previous = { id: Number(head?.id ?? 0), hash: (head?.hash as string | undefined) ?? '' };
      const written: number[] = [];
      for (const read of reads) {
        const fields: ChainedFields = {
          id: previous.id + 1, at: new Date(), tokenId: 3, role: 'ANALYST', operation: 'referrals', entity: 'Nominal', entityId: null, action: 'READ',
          before: null, after: null, nominals: read.size, identitiesShown: [...read.values()].some(Boolean), partnershipId: null,
        };
        const hash = entryHash(previous.hash, fields, read);
        await connection.execute(
          'insert into audit_entry (id, at, token_id, role, operation, entity, action, nominals, identities_shown, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [fields.id, postgres ? fields.at : fields.at.getTime(), 3, 'ANALYST', 'referrals', 'Nominal', 'READ', read.size, fields.identitiesShown, hash],
        );
        for (const [nominal, shown] of read) await connection.execute('insert into audit_nominal_read (entry_id, nominal_id, identity_shown) values (?, ?, ?)', [fields.id, nominal, shown]);
        previous = { id: fields.id, hash };
        written.push(fields.id);
      }
      await old.close();

      const migrated = await openDatabase({ databaseUrl });
      try {
        const em = asSystem(migrated.em.fork(), 'test');
        expect((await verifyAuditChain(em)).problem).toBeNull();
        // The view gives the rows the table held; the log's look-ups answer as before.
        const rows: { entry_id: number; nominal_id: number; identity_shown: boolean | number }[] = await migrated.em.getConnection().execute('select entry_id, nominal_id, identity_shown from audit_nominal_read order by entry_id, nominal_id');
        const expected = reads.flatMap((read, i) => [...read].sort(([a], [b]) => a - b).map(([nominal, shown]) => [written[i], nominal, shown]));
        expect(rows.map((row) => [Number(row.entry_id), Number(row.nominal_id), Boolean(row.identity_shown)])).toEqual(expected);
        expect([...(await nominalsReadBy(em, written)).values()]).toEqual(reads.map((read) => [...read.keys()].sort((a, b) => a - b)));
        const whoRead = async (nominal: number) => (await readAuditLog(em, { nominal }, 50, 0)).entries.map((entry) => entry.id);
        expect(await whoRead(31)).toEqual([written[2], written[0]]);
        expect(await whoRead(32)).toEqual([written[1], written[0]]);
        expect(await whoRead(63)).toEqual([written[0]]);
        expect(await whoRead(5 + 299 * 3)).toEqual([written[1]]);
        expect(await whoRead(6)).toEqual([]);
        expect(await whoRead(1001)).toEqual([]);

        // The blocks can only be appended to; with the guard off, a flipped bit breaks the entry's hash.
        const sql = migrated.em.getConnection();
        const [{ block }] = await sql.execute(`select block from audit_read_block where entry_id = ${written[1]} order by block limit 1`);
        await expect(sql.execute(`update audit_read_block set nominals = 1 where entry_id = ${written[1]}`)).rejects.toThrow(/audit log cannot be changed/);
        await expect(sql.execute(`delete from audit_read_block where entry_id = ${written[1]}`)).rejects.toThrow(/audit log cannot be changed/);
        if (!postgres) await expect(sql.execute(`insert or replace into audit_read_block (entry_id, block, nominals, identities) values (${written[1]}, ${block}, 1, 0)`)).rejects.toThrow(/audit log cannot be changed/);
        if (postgres) await sql.execute('alter table audit_read_block disable trigger user');
        else for (const { name: trigger } of await sql.execute("select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_read_block'")) await sql.execute(`drop trigger "${trigger}"`);
        await sql.execute(`update audit_read_block set identities = nominals where entry_id = ${written[1]} and block = ${block}`);
        expect((await verifyAuditChain(em)).problem).toMatch(new RegExp(`^entry ${written[1]}\\b.*(edited|replaced)`));
      } finally {
        await migrated.close();
      }
    });
  });
});
