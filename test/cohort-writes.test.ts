import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';
import { engineOf } from '../server/db/dialect.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  dataOf(await t.gql('mutation { addPartnership(input: { code: "case-test", name: "Case test IOM" }) { code } }'));
  dataOf(await t.gql('mutation { addAgency(partnership: "case-test", input: { code: "police", name: "Police", kind: POLICE }) { code } }'));
});
afterAll(() => t.close());

const NOMINAL = `mutation($ref: String!) { addNominal(partnership: "case-test", input: {
  reference: $ref, gender: MALE, ageBand: "25-34", ethnicity: "White", statutoryStatus: CRC, needs: [DRUGS, ACCOMMODATION],
  identity: { name: "Synthetic Person", dateOfBirth: "1990-02-03", pncId: "00/000000X" } }) { id version reference } }`;

async function member(ref: string, start = '2013-01-10') {
  const nominal = dataOf(await t.gql(NOMINAL, { ref })).addNominal;
  const referral = dataOf(await t.gql(`mutation($n: ID!) { referNominal(nominal: $n, input: { agency: "police", referralDate: "2012-12-20", matrixScore: 40, orgsScore: 80, indexOffenceCode: "28A" }) { id version decision } }`, { n: nominal.id })).referNominal;
  const decided = dataOf(await t.gql(`mutation($id: ID!, $v: Int!) { decideReferral(id: $id, expectedVersion: $v, input: { panelDate: "2013-01-03", decision: ACCEPTED }) { id version decision panelDate } }`, { id: referral.id, v: referral.version })).decideReferral;
  const membership = dataOf(await t.gql(`mutation($n: ID!, $r: ID!, $s: String!) { startMembership(nominal: $n, input: { agreementSignedDate: $s, referral: $r }) { id version startDate } }`, { n: nominal.id, r: referral.id, s: start })).startMembership;
  return { nominal, referral: decided, membership };
}

const readBack = async (nominalId: string) => dataOf(await t.gql(`query($id: ID!) { nominal(id: $id) { version reference
  memberships { id version startDate endDate deselectionReason reviews { reviewDate status } } offences { offenceDate } referrals { decision } } }`, { id: nominalId })).nominal;

describe('the lifecycle, step by step', () => {
  it('records referral → panel → signed agreement → reviews → de-selection with its review, in order', async () => {
    const { nominal, referral, membership } = await member('CT-1');
    expect(referral).toMatchObject({ decision: 'ACCEPTED', panelDate: '2013-01-03' });
    dataOf(await t.gql(`mutation($m: ID!) { recordReview(membership: $m, input: { reviewDate: "2013-01-24", status: AMBER }) { id } }`, { m: membership.id }));
    const ended = dataOf(await t.gql(`mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: {
      endDate: "2014-02-01", reason: OFFENCE_FREE_YEAR, review: { reviewDate: "2014-02-01", status: GREEN } }) { version endDate deselectionReason } }`, { m: membership.id, v: membership.version })).deselect;
    expect(ended).toEqual({ version: 2, endDate: '2014-02-01', deselectionReason: 'OFFENCE_FREE_YEAR' });
    const back = await readBack(nominal.id);
    expect(back.memberships[0].reviews).toEqual([{ reviewDate: '2013-01-24', status: 'AMBER' }, { reviewDate: '2014-02-01', status: 'GREEN' }]);
  });

  it('recording a review leaves the membership\'s version alone, so a de-selection made from it still applies', async () => {
    const { membership } = await member('CT-2');
    dataOf(await t.gql(`mutation($m: ID!) { recordReview(membership: $m, input: { reviewDate: "2013-02-01", status: RED }) { id } }`, { m: membership.id }));
    const ended = dataOf(await t.gql(`mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2013-06-01", reason: MOVED_OUT_OF_AREA }) { version } }`, { m: membership.id, v: membership.version })).deselect;
    expect(ended.version).toBe(membership.version + 1);
  });

  it('keeps identity apart from the rest of the record', async () => {
    const { nominal } = await member('CT-3');
    const caseManager = (await t.token('CASE_MANAGER', ['case-test'])).caller;
    const { nominal: read } = dataOf(await t.gql(`query($id: ID!) { nominal(id: $id) { reference statutoryStatus needs identity { name dateOfBirth pncId } } }`, { id: nominal.id }, caseManager));
    expect(read).toEqual({ reference: 'CT-3', statutoryStatus: 'CRC', needs: ['DRUGS', 'ACCOMMODATION'], identity: { name: 'Synthetic Person', dateOfBirth: '1990-02-03', pncId: '00/000000X' } });
  });
});

describe('refused writes change nothing', () => {
  it.each([
    ['a review before the membership starts', 'mutation($m: ID!) { recordReview(membership: $m, input: { reviewDate: "2013-01-09", status: RED }) { id } }', 'input.reviewDate: 2013-01-09 is before the membership starts (2013-01-10).'],
    ['a de-selection without a reason', 'mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2013-06-01" }) { id } }', 'input.reason: a de-selection needs a reason: one of the six criteria, or OTHER with a note.'],
    ['OTHER without a stated reason', 'mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2013-06-01", reason: OTHER }) { id } }', 'input.note: state the reason when it is OTHER.'],
    ['an end before the start', 'mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2013-01-01", reason: DIED }) { id } }', 'input.endDate: 2013-01-01 is not after the membership starts (2013-01-10).'],
    ['a closing review after the end (the de-selection is not kept either)', 'mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2013-06-01", reason: DIED, review: { reviewDate: "2013-06-02", status: GREEN } }) { id } }', 'input.review.reviewDate: 2013-06-02 is after the membership ended (2013-06-01).'],
    ['an unknown CrimSec3 code', 'mutation($n: ID!) { recordOffence(nominal: $n, input: { crimSec3Code: "99Z", offenceDate: "2013-03-01", outcome: CONVICTION, outcomeDate: "2013-04-01" }) { id } }', 'input.crimSec3Code: "99Z" is not a known CrimSec3 code.'],
    ['an outcome before the offence', 'mutation($n: ID!) { recordOffence(nominal: $n, input: { crimSec3Code: "45", offenceDate: "2013-03-01", outcome: CAUTION, outcomeDate: "2013-02-01" }) { id } }', 'input.outcomeDate: 2013-02-01 is before the offence (2013-03-01).'],
    ['a second membership while one is open', 'mutation($n: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2013-05-01" }) { id } }', 'input.agreementSignedDate: CT-R is already on the scheme (since 2013-01-10).'],
  ])('%s', async (_, mutation, message) => {
    const { nominal, membership } = await member('CT-R');
    const before = await readBack(nominal.id);
    const error = errorOf(await t.gql(mutation, { m: membership.id, v: membership.version, n: nominal.id }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message });
    expect(await readBack(nominal.id)).toEqual(before);
    // Tidy up so the next case can reuse the reference.
    dataOf(await t.gql('mutation($id: ID!, $v: Int!) { updateNominal(id: $id, expectedVersion: $v, input: { reference: $ref, gender: MALE, ageBand: "25-34", ethnicity: "White", statutoryStatus: CRC }) { id } }'.replace('$ref', `"CT-R-${membership.id}"`), { id: nominal.id, v: before.version }));
  });

  it('a start before the panel accepted, and a start from a declined referral', async () => {
    const nominal = dataOf(await t.gql(NOMINAL, { ref: 'CT-P' })).addNominal;
    const referral = dataOf(await t.gql(`mutation($n: ID!) { referNominal(nominal: $n, input: { agency: "police", referralDate: "2013-01-02" }) { id version } }`, { n: nominal.id })).referNominal;
    expect(errorOf(await t.gql(`mutation($n: ID!, $r: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2013-01-20", referral: $r }) { id } }`, { n: nominal.id, r: referral.id })).message)
      .toBe(`input.referral: referral ${referral.id} has not been accepted by a panel (PENDING).`);
    expect(errorOf(await t.gql(`mutation($id: ID!, $v: Int!) { decideReferral(id: $id, expectedVersion: $v, input: { panelDate: "2013-01-01", decision: ACCEPTED }) { id } }`, { id: referral.id, v: referral.version })).message)
      .toBe('input.panelDate: 2013-01-01 is before the referral (2013-01-02).');
    dataOf(await t.gql(`mutation($id: ID!, $v: Int!) { decideReferral(id: $id, expectedVersion: $v, input: { panelDate: "2013-01-16", decision: ACCEPTED }) { id } }`, { id: referral.id, v: referral.version }));
    expect(errorOf(await t.gql(`mutation($n: ID!, $r: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2013-01-15", referral: $r }) { id } }`, { n: nominal.id, r: referral.id })).message)
      .toBe('input.agreementSignedDate: 2013-01-15 is before the panel accepted the referral (2013-01-16).');
    expect((await readBack(nominal.id)).memberships).toEqual([]);
  });

  it('a stale version is a CONFLICT that carries the current version', async () => {
    const { nominal, membership } = await member('CT-V');
    dataOf(await t.gql(`mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2013-06-01", reason: DEPORTED }) { id } }`, { m: membership.id, v: membership.version }));
    const error = errorOf(await t.gql(`mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2013-07-01", reason: DIED }) { id } }`, { m: membership.id, v: membership.version }));
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.currentVersion).toBe(membership.version + 1);
    expect((await readBack(nominal.id)).memberships[0]).toMatchObject({ endDate: '2013-06-01', deselectionReason: 'DEPORTED' });
  });
});

describe('cohort lists', () => {
  async function countStatements(work: () => Promise<unknown>): Promise<number> {
    const statements: string[] = [];
    const logger = t.orm.config.getLogger() as unknown as { log: (namespace: string, message: string) => void };
    const original = logger.log.bind(logger);
    const debug = t.orm.config.get('debug');
    t.orm.config.set('debug', ['query']);
    logger.log = (namespace, message) => { if (namespace === 'query') statements.push(message); };
    try {
      await work();
    } finally {
      logger.log = original;
      t.orm.config.set('debug', debug);
    }
    return statements.length;
  }

  const PAGE = `query($first: Int!) { cohort(partnership: "norfolk-suffolk", filter: { activeOn: "2014-08-31" }, first: $first) {
    totalCount nodes { startDate nominal { reference hubName } latestReview(asOf: "2014-08-31") { status } offencesInLast12Months(asOf: "2014-08-31") { offenceDate category { code banding } } } } }`;

  it('loads a page with its latest reviews and last-12-month offences in the same number of statements for 5 rows as for 100', async () => {
    let five: any, hundred: any;
    const small = await countStatements(async () => { five = dataOf(await t.gql(PAGE, { first: 5 })); });
    const large = await countStatements(async () => { hundred = dataOf(await t.gql(PAGE, { first: 100 })); });
    expect(five.cohort.nodes).toHaveLength(5);
    expect(hundred.cohort.nodes).toHaveLength(100);
    expect(hundred.cohort.nodes.some((n: any) => n.offencesInLast12Months.length > 0)).toBe(true);
    // the page with its total, nominals, hubs and latest reviews; the offences with their categories; the read in the
    // audit log: begin, the chain's head, the entry, the nominals it read, commit on SQLite; on PostgreSQL two messages,
    // one of begin, the chain's lock and its head, one of the entry with the nominals it read (one statement) and commit
    const statements = engineOf(t.orm.em) === 'postgresql' ? 4 : 7;
    expect(small).toBe(statements);
    expect(large).toBe(statements);
  });

  it('pages through with a cursor, every member once, in start-date order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    const starts: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { cohort }: any = dataOf(await t.gql(`query($after: String) { cohort(partnership: "thurrock", filter: { activeOn: "2012-09-30" }, first: 10, after: $after) {
        totalCount endCursor hasNextPage nodes { startDate nominal { reference } } } }`, { after }));
      seen.push(...cohort.nodes.map((n: any) => n.nominal.reference));
      starts.push(...cohort.nodes.map((n: any) => n.startDate));
      if (!cohort.hasNextPage) break;
      after = cohort.endCursor;
    }
    expect(seen).toHaveLength(51);
    expect(new Set(seen).size).toBe(51);
    expect(starts).toEqual([...starts].sort());
  });

  it('filters by statutory status, hub and start dates, and sorts by reference', async () => {
    const { nps, ipswich, started, byRef } = dataOf(await t.gql(`{
      nps: cohort(partnership: "barnet", filter: { activeOn: "2014-10-31", statutoryStatus: [NPS] }) { totalCount }
      ipswich: cohort(partnership: "norfolk-suffolk", filter: { hub: "Ipswich" }, first: 500) { totalCount nodes { nominal { hubName } } }
      started: cohort(partnership: "thurrock", filter: { startedFrom: "2012-07-01", startedTo: "2012-09-30" }) { totalCount }
      byRef: cohort(partnership: "thurrock", sort: REFERENCE, first: 3) { nodes { nominal { reference } } } }`));
    expect(nps.totalCount).toBe(22);
    expect(ipswich.totalCount).toBe(ipswich.nodes.length);
    expect(new Set(ipswich.nodes.map((n: any) => n.nominal.hubName))).toEqual(new Set(['Ipswich']));
    expect(started.totalCount).toBe(7);
    expect(byRef.nodes.map((n: any) => n.nominal.reference)).toEqual(['THU-0001', 'THU-0002', 'THU-0003']);
  });

  it('refuses a cursor it did not make and a page size out of range', async () => {
    expect(errorOf(await t.gql('{ cohort(partnership: "thurrock", after: "nonsense") { totalCount } }')).message).toBe('after: is not a cursor from this list.');
    expect(errorOf(await t.gql('{ cohort(partnership: "thurrock", first: 501) { totalCount } }')).message).toBe('first: must be at most 500 (got 501).');
  });
});

describe('a bulk import of cohort records (importCohortRecords)', () => {
  const RECORDS = [
    {
      nominal: { reference: 'BULK-1', gender: 'MALE', ageBand: '25-34', ethnicity: 'White', localAuthority: 'Thurrock', hub: 'Grays probation office', statutoryStatus: 'CRC', needs: ['DRUGS', 'ACCOMMODATION'], mappaLevel: 1,
        identity: { name: 'Synthetic Person', dateOfBirth: '1990-02-03', pncId: '00/000000X' } },
      referral: { agency: 'essex-police', referralDate: '2016-12-20', orgsScore: 80, indexOffenceCode: '28A', reference: 'REF-1' },
      decision: { panelDate: '2017-01-03', decision: 'ACCEPTED', note: 'agreed' },
      membership: { agreementSignedDate: '2017-01-10', relevantBanding: null, reviews: [{ reviewDate: '2017-02-01', status: 'AMBER' }, { reviewDate: '2017-03-01', status: 'GREEN', note: 'better' }],
        deselection: { endDate: '2018-06-01', reason: 'MOVED_OUT_OF_AREA', review: { reviewDate: '2018-05-30', status: 'GREEN' } } },
      offences: [{ crimSec3Code: '28A', offenceDate: '2016-10-10', outcome: 'CONVICTION', outcomeDate: '2016-11-01' }, { crimSec3Code: '28A', offenceDate: '2017-05-10', outcome: 'CAUTION', outcomeDate: '2017-05-20' }],
    },
    { nominal: { reference: 'BULK-2', gender: 'FEMALE', ageBand: '18-24', ethnicity: 'Asian', statutoryStatus: 'NON_STATUTORY' }, offences: [] },
    { nominal: { reference: 'BULK-3', gender: 'MALE', ageBand: '35-44', ethnicity: 'Black', statutoryStatus: 'CRC', identity: { name: 'Another Person' } },
      referral: { agency: 'thurrock-council', referralDate: '2015-01-01' }, offences: [{ crimSec3Code: '28A', offenceDate: '2014-01-10', outcome: 'CONVICTION', outcomeDate: '2014-03-01' }] },
  ];
  const TABLES = ['nominal', 'nominal_identity', 'referral', 'membership', 'status_review', 'offence'];

  /** Every row the import wrote and every audit entry it appended, without the times (updated_at, at) and the chain's hashes, which cover the times. */
  async function written(hub: TestHub, run: () => Promise<unknown>) {
    const sql = hub.orm.em.fork().getConnection();
    const maxima: Record<string, number> = {};
    for (const table of [...TABLES, 'audit_entry']) maxima[table] = Number((await sql.execute(`select coalesce(max(id), 0) as m from ${table}`))[0].m);
    await run();
    const rows: Record<string, unknown[]> = {};
    for (const table of [...TABLES, 'audit_entry']) {
      rows[table] = (await sql.execute(`select * from ${table} where id > ? order by id`, [maxima[table]])).map(({ updated_at: _u, at: _a, hash: _h, after, ...rest }: Record<string, unknown>) =>
        ({ ...rest, ...(after === undefined ? {} : { after: after && { ...JSON.parse(String(after)), updatedAt: null } }) }));
    }
    return rows;
  }

  it('writes the same rows and the same audit entries as the ORM flush every other write uses, in a handful of statements', async () => {
    const [plain, flushed] = [await startTestHub(), await startTestHub()];
    try {
      const { importCohortRecords } = await import('../server/cohort/cohort.service.js');
      const { asSystem } = await import('../server/access/caller.js');
      const records = structuredClone(RECORDS) as never;
      let statements = 0;
      const logger = plain.orm.config.getLogger() as unknown as { log(namespace: string, message: string, context?: { query?: string }): void };
      logger.log = (_namespace, _message, context) => { if (context?.query) statements++; };
      const a = await written(plain, async () => {
        plain.orm.config.set('debug', ['query']);
        await importCohortRecords(asSystem(plain.orm.em.fork(), 'importCohortRecords'), 'thurrock', records);
        plain.orm.config.set('debug', false);
      });
      const b = await written(flushed, () => importCohortRecords(asSystem(flushed.orm.em.fork(), 'importCohortRecords'), 'thurrock', records, { viaFlush: true }));
      expect(a.nominal).toHaveLength(3);
      expect(a.audit_entry).toHaveLength(3 + 2 + 2 + 1 + 3 + 3); // nominals, identities, referrals, membership, reviews, offences
      expect(a).toEqual(b);
      // The flush: an INSERT and an audit append for every row (about 40 here); the plain rows: the
      // lookups, an INSERT a table and one append.
      console.log(`importCohortRecords of ${RECORDS.length} records: ${statements} statements`);
      expect(statements).toBeLessThan(25);
    } finally {
      await plain.close();
      await flushed.close();
    }
  }, 120_000);

  it('lets a finance report answer while a large batch is being written', async () => {
    const records = Array.from({ length: 1500 }, (_, i) => ({ nominal: { reference: `LARGE-${i}`, gender: 'MALE', ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'CRC' },
      offences: [{ crimSec3Code: '28A', offenceDate: '2018-01-10', outcome: 'CONVICTION', outcomeDate: '2018-03-01' }] }));
    const order: string[] = [];
    const importing = t.gql('mutation($r: [CohortRecordInput!]!) { importCohortRecords(partnership: "norfolk-suffolk", records: $r) }', { r: records }).then((result) => {
      order.push('import');
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the import is under way
    const report = dataOf(await t.gql('{ establishment(partnership: "thurrock", financialYear: "2012/13") { totalBudget lines { grade } } }'));
    order.push('report');
    expect(report.establishment.lines.length).toBeGreaterThan(0);
    expect(dataOf(await importing).importCohortRecords).toBe(1500);
    expect(order).toEqual(['report', 'import']);
  }, 60_000);

  it('refuses a batch with one wrong record, saying where, and writes nothing of it', async () => {
    const records = [...structuredClone(RECORDS), { nominal: { reference: 'BULK-4', gender: 'MALE', ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'CRC', hub: 'Nowhere' }, offences: [] }];
    const before = await written(t, async () => {
      const failed = await t.gql('mutation($r: [CohortRecordInput!]!) { importCohortRecords(partnership: "thurrock", records: $r) }', { r: records });
      expect(errorOf(failed)).toMatchObject({ code: 'BAD_USER_INPUT', message: 'records[3].nominal.hub: Thurrock IOM has no hub "Nowhere".', extensions: { field: 'records[3].nominal.hub' } });
    });
    expect(Object.values(before).flat()).toEqual([]);
    // The same records without the wrong one go in, and read back.
    expect(dataOf(await t.gql('mutation($r: [CohortRecordInput!]!) { importCohortRecords(partnership: "thurrock", records: $r) }', { r: RECORDS })).importCohortRecords).toBe(3);
    const found = dataOf(await t.gql('{ cohort(partnership: "thurrock", first: 500) { nodes { startDate endDate nominal { reference } } } }')).cohort.nodes.filter((n: { nominal: { reference: string } }) => n.nominal.reference.startsWith('BULK-'));
    expect(found).toEqual([{ startDate: '2017-01-10', endDate: '2018-06-01', nominal: { reference: 'BULK-1' } }]);
    // A reference the partnership holds already, or twice in one batch.
    const again = (references: string[]) => t.gql('mutation($r: [CohortRecordInput!]!) { importCohortRecords(partnership: "thurrock", records: $r) }', { r: references.map((reference) => ({ ...RECORDS[1], nominal: { ...RECORDS[1].nominal, reference } })) });
    expect(errorOf(await again(['BULK-9', ' BULK-2 ']))).toMatchObject({ message: 'records[1].nominal.reference: Thurrock IOM already has a nominal "BULK-2".' });
    expect(errorOf(await again(['BULK-9', 'BULK-9']))).toMatchObject({ message: 'records[1].nominal.reference: Thurrock IOM already has a nominal "BULK-9".' });
  });
});
