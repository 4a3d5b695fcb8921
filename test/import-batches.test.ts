import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';
import { csvOf, type Table } from './import-support.js';
import { asSystem } from '../server/access/caller.js';
import { BATCH_ROWS, runImport } from '../server/import/import.service.js';
import { engineOf } from '../server/db/dialect.js';
import { IMPORT_KINDS } from '../server/import/kinds/registry.js';
import { addPartnership } from '../server/partnership/partnership.service.js';

/**
 * An import writes its batches as it reads the file: a problem found after several batches are
 * written still leaves the database as it was (the one transaction rolls back), and a clean file
 * of several batches lands whole. Both hold whether the rows are checked on the hub's event loop
 * or in a worker thread (as a big file is), with the same report.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  BATCH = BATCH_ROWS[engineOf(t.orm.em)];
  ROWS = BATCH * 3.75;
});
afterAll(() => t.close());

/** Imports the table as CSV arriving in 16 KB pieces, as a file does (so rows are read, checked and written a run at a time). */
function importOffences(table: Table, worker = false, dryRun = false) {
  return runImport(asSystem(t.orm.em, 'import'), { kind: 'offences', partnership: 'norfolk-suffolk', worker, dryRun, source: { format: 'csv', name: 'offences.csv', open: () => Readable.from(piecesOf(table)) } });
}
function piecesOf(table: Table): Buffer[] {
  const bytes = Buffer.from(csvOf(table), 'utf8');
  return Array.from({ length: Math.ceil(bytes.length / 16_384) }, (_, i) => bytes.subarray(i * 16_384, (i + 1) * 16_384));
}
const HEADER = ['Nominal reference', 'Offence reference', 'CrimSec3 code', 'Offence date', 'Outcome', 'Outcome date'];
/** Rows a write batch takes on the engine the tests run on (2,000 on SQLite, 10,000 on PostgreSQL). */
let BATCH = 0;
/** More rows than three write batches, and a part batch. */
let ROWS = 0;
const rows = (prefix: string) => Array.from({ length: ROWS }, (_, i) => ['NOR-0001', `${prefix}-${i + 1}`, '28A', '2014-02-01', 'CONVICTION', '2014-03-01']);
const imports = async () => Number((await t.orm.em.getConnection().execute("select count(*) as n from audit_entry where action = 'IMPORT'"))[0].n);

describe.each([false, true])('an import of several batches (rows checked in a worker thread: %s)', (worker) => {
  it('writes nothing when a row after the first batches has a problem, and still reports every problem', async () => {
    const before = await dataSnapshot(t.orm);
    const audits = await imports();
    const table = [HEADER, ...rows('LATE')];
    table[7_001][2] = '99Z'; // row 7,002: after three batches were written
    table[7_400][1] = 'LATE-1'; // row 7,401: a reference already on row 2
    const report = await importOffences(table, worker);
    expect(report).toMatchObject({ rows: ROWS, written: false, inserted: 0, updated: 0, unchanged: 0, problemCount: 2 });
    expect(report.problems).toEqual([
      { row: 7_002, column: 'CrimSec3 code', reason: '"99Z" is not a known CrimSec3 code.' },
      { row: 7_401, column: 'Offence reference', reason: '"LATE-1" is already on row 2 of this file.' },
    ]);
    expect(await dataSnapshot(t.orm)).toBe(before);
    expect(await imports()).toBe(audits);
  });

  it('lands a clean file whole, and a second import of it changes nothing', async () => {
    const prefix = worker ? 'WORKER' : 'WHOLE';
    const table = [HEADER, ...rows(prefix)];
    expect(await importOffences(table, worker)).toMatchObject({ rows: ROWS, written: true, inserted: ROWS, problemCount: 0 });
    const [{ n }] = await t.orm.em.getConnection().execute(`select count(*) as n from offence where reference like '${prefix}-%'`);
    expect(Number(n)).toBe(ROWS);
    expect(await importOffences(table, worker)).toMatchObject({ written: false, inserted: 0, updated: 0, unchanged: ROWS });
  });
});

describe('an import whose write the database refuses', () => {
  it('throws the database\'s error and writes nothing, after earlier batches were written', async () => {
    // Two rows of the third batch break an index the database keeps (made for this test), after two
    // batches were written: the import's transaction rolls back every batch.
    const db = t.orm.em.getConnection();
    await db.execute("create unique index offence_refused_test on offence (outcome_date) where reference like 'REFUSED-%'");
    try {
      const before = await dataSnapshot(t.orm);
      const audits = await imports();
      const table = [HEADER, ...rows('QUEUED')];
      table[BATCH * 2.25][1] = 'REFUSED-1';
      table[BATCH * 2.25 + 1][1] = 'REFUSED-2';
      await expect(importOffences(table)).rejects.toThrow(/unique|UNIQUE/);
      expect(await dataSnapshot(t.orm)).toBe(before);
      expect(await imports()).toBe(audits);
    } finally {
      await db.execute('drop index offence_refused_test');
    }
  });
});

describe('an import checked in a worker thread', () => {
  it('finds every kind in its own module (the worker loads only the kind it checks)', async () => {
    for (const kind of IMPORT_KINDS) {
      const module = `../server/import/kinds/${kind.name}.kind.js`;
      expect(Object.values(await import(/* @vite-ignore */ module))).toContain(kind);
    }
  });

  it('reports every problem of every row as the hub\'s own thread does, over the report\'s limit', async () => {
    const table = [HEADER, ...rows('MANY')];
    for (let i = 1; i <= ROWS; i += 50) table[i][4] = 'ACQUITTED'; // a row in 50 with a problem: more than the report lists
    table[ROWS][3] = '31/02/2014'; // and the last row two
    const [inProcess, inWorker] = [await importOffences(table, false, true), await importOffences(table, true, true)];
    expect(inWorker.problemCount).toBeGreaterThan(inWorker.problems.length);
    expect(inWorker).toEqual(inProcess);
  });

  it('refuses a file that is not UTF-8, or has no header it knows, as the hub\'s own thread does', async () => {
    const bad = Buffer.concat([Buffer.from(csvOf([HEADER, ...rows('BYTES').slice(0, 3)]), 'utf8'), Buffer.from([0xff, 0xfe, 0x0a])]);
    const noHeader = Buffer.from(csvOf([['Nominal', 'Something else'], ['NOR-0001', 'x']]), 'utf8');
    for (const bytes of [bad, noHeader]) {
      const run = (worker: boolean) =>
        runImport(asSystem(t.orm.em, 'import'), { kind: 'offences', partnership: 'norfolk-suffolk', worker, source: { format: 'csv', name: 'offences.csv', open: () => Readable.from([bytes]) } });
      const [inProcess, inWorker] = [await run(false), await run(true)];
      expect(inWorker.problemCount).toBeGreaterThan(0);
      expect(inWorker).toEqual(inProcess);
    }
    const [{ n }] = await t.orm.em.getConnection().execute("select count(*) as n from offence where reference like 'BYTES-%'");
    expect(Number(n)).toBe(0);
  });

  it('leaves the hub answering a finance report while it checks', async () => {
    const importing = importOffences([HEADER, ...rows('BUSY'), ...rows('BUSY2')], true, true).then((report) => ({ report, at: performance.now() }));
    const answer = await t.gql('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { total } }');
    const answered = performance.now();
    expect(answer.errors).toBeUndefined();
    const { report, at } = await importing;
    expect(report).toMatchObject({ rows: 2 * ROWS, problemCount: 0, inserted: 2 * ROWS });
    expect(answered).toBeLessThan(at);
  });
});

/** A hub with no offences yet: one partnership and its 50 nominals, FR-01 to FR-50. */
async function emptyHub(): Promise<TestHub> {
  const hub = await startTestHub({ demo: false });
  const em = asSystem(hub.orm.em, 'import');
  await addPartnership(em, { code: 'fresh', name: 'Fresh partnership' });
  const nominals = [['Reference', 'Gender', 'Age band', 'Ethnicity', 'Statutory status', 'Start date'], ...Array.from({ length: 50 }, (_, i) => [`FR-${String(i + 1).padStart(2, '0')}`, 'MALE', '25-34', 'White', 'NPS', '2012-01-01'])];
  const report = await runImport(em, { kind: 'nominals', partnership: 'fresh', source: { format: 'csv', name: 'nominals.csv', open: () => Readable.from([csvOf(nominals)]) } });
  expect(report.problemCount).toBe(0);
  return hub;
}
/** `inPieces`: the file arrives in 16 KB pieces (so it is written a batch at a time), not as one piece. */
const importFresh = (hub: TestHub, table: Table, worker = false, inPieces = false) =>
  runImport(asSystem(hub.orm.em, 'import'), { kind: 'offences', partnership: 'fresh', worker, source: { format: 'csv', name: 'offences.csv', open: () => Readable.from(inPieces ? piecesOf(table) : [csvOf(table)]) } });
/** Nominals and references out of key order: nominal 50, 49, … and references counting down within each. */
const scattered = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => [`FR-${String(50 - (i % 50)).padStart(2, '0')}`, `${prefix}-${String(count - i).padStart(5, '0')}`, '28A', '2014-02-01', 'CONVICTION', '2014-03-01']);
const idsOf = async (hub: TestHub) => (await hub.orm.em.getConnection().execute('select id, reference from offence order by id')) as { id: number; reference: string }[];

describe('an import into a table with no rows yet', () => {
  /**
   * On SQLite, rows that are all new are written in the order of the table's key (nominal,
   * reference), a batch at a time, so that they land together in its indexes; each still gets the
   * id it would have had written in the file's order (as on PostgreSQL, which writes them in that
   * order), and the table's ids go on from there afterwards.
   */
  let empty: TestHub;
  beforeAll(async () => (empty = await emptyHub()));
  afterAll(() => empty?.close());
  const importInto = (table: Table, worker = false) => importFresh(empty, table, worker);
  const byId = () => idsOf(empty);

  it.each([false, true])('gives the rows ids in the file\'s order, over several batches (checked in a worker thread: %s)', async (worker) => {
    const before = await byId();
    const table = [HEADER, ...scattered(worker ? 'W' : 'P', ROWS)];
    expect(await importInto(table, worker)).toMatchObject({ rows: ROWS, inserted: ROWS, problemCount: 0, written: true });
    const after = (await byId()).slice(before.length);
    expect(after.map((r) => r.reference)).toEqual(table.slice(1).map((row) => row[1]));
    const last = before.length ? before[before.length - 1].id : 0;
    expect(after.map((r) => r.id)).toEqual(after.map((_, i) => last + 1 + i));
  });

  it('writes texts with quotes, backslashes, commas and braces as they are', async () => {
    const awkward = ['say "no"', 'back\\slash', '\\"', 'a,b', '{x}', 'NULL', 'Ünïcödé £'];
    const table = [HEADER, ...awkward.map((reference, i) => [`FR-${String(i + 1).padStart(2, '0')}`, `AWK ${reference}`, '28A', '2014-02-01', 'CONVICTION', '2014-03-01'])];
    expect(await importInto(table)).toMatchObject({ inserted: awkward.length, problemCount: 0 });
    const stored = (await byId()).filter((r) => r.reference.startsWith('AWK ')).map((r) => r.reference);
    expect(stored).toEqual(awkward.map((reference) => `AWK ${reference}`));
  });

  it('goes on from the ids given, and updates rows already there', async () => {
    const before = await byId();
    const changed = scattered('P', ROWS).slice(0, 10).map((row) => [...row.slice(0, 4), 'CAUTION', row[5]]);
    const table = [HEADER, ...changed, ...scattered('LATER', 10)];
    expect(await importInto(table)).toMatchObject({ inserted: 10, updated: 10, problemCount: 0 });
    const after = await byId();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((r) => r.reference)).toEqual(table.slice(11).map((row) => row[1]));
    expect(after[before.length].id).toBeGreaterThan(before[before.length - 1].id);
  });
});

describe('an import into a table with no rows yet that the database refuses', () => {
  let empty: TestHub;
  beforeAll(async () => (empty = await emptyHub()));
  afterAll(() => empty?.close());

  it('throws the database\'s own error when it refuses a batch while the next one waits behind it, and writes nothing', async () => {
    // On PostgreSQL the next batch's statement is handed over before the one before is done: the
    // refusal (an index made for the test, broken in the first batch) must be what the import
    // throws, not the aborted transaction the statement behind it then meets.
    const db = empty.orm.em.getConnection();
    await db.execute("create unique index offence_refused_fresh on offence (outcome_date) where reference like 'RF-%'");
    try {
      const before = await idsOf(empty);
      const table = [HEADER, ...scattered('RF', ROWS)];
      table[BATCH * 0.25][5] = '2014-03-02';
      table[BATCH * 0.25 + 1][5] = '2014-03-02';
      const refused = importFresh(empty, table, false, true);
      await expect(refused).rejects.toThrow(/unique|UNIQUE/);
      await expect(refused).rejects.not.toThrow(/aborted/);
      expect(await idsOf(empty)).toEqual(before);
    } finally {
      await db.execute('drop index offence_refused_fresh');
    }
  });

});
