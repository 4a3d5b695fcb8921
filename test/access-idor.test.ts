import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, asSystem, type Caller } from '../server/access/caller.js';
import { scopePath, UNSCOPED_ENTITIES } from '../server/access/scope-filter.js';
import { Partnership } from '../server/partnership/partnership.entity.js';
import { EstablishmentLine } from '../server/finance/establishment/establishment-line.entity.js';
import { FundingStream } from '../server/funding/funding.entity.js';
import { AppraisalOption } from '../server/finance/options/appraisal-option.entity.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';

/**
 * Insecure direct object references: a finance officer of norfolk-suffolk tries to reach thurrock's
 * and barnet's rows through ids, codes, nested inputs and aggregates. Each attempt must give what
 * the same attempt with a made-up id or code gives, so nothing says whether the row exists.
 */
let t: TestHub;
let finance: Caller;
let otherAgency: string;

beforeAll(async () => {
  t = await startTestHub();
  finance = (await t.token('FINANCE', ['norfolk-suffolk'])).caller;
  otherAgency = dataOf(await t.gql('{ partnership(code: "barnet") { agencies { code } } }')).partnership.agencies[0].code;
});
afterAll(() => t.close());

const REVEALING = /forbidden|permission|not allowed|another partnership|access|scope|exists/i;

/** Runs the request with `other` and with a made-up value; both answers must be the same once the value is masked. */
async function sameAsMadeUp(query: string, variables: (value: string) => Record<string, unknown>, other: string, madeUp: string) {
  const before = await dataSnapshot(t.orm);
  const a = await t.gql(query, variables(other), finance);
  const b = await t.gql(query, variables(madeUp), finance);
  expect(await dataSnapshot(t.orm)).toBe(before);
  expect(JSON.stringify(a).replaceAll(`\\"${other}\\"`, `\\"${madeUp}\\"`).replaceAll(` ${other}.`, ` ${madeUp}.`)).toBe(JSON.stringify(b));
  for (const error of a.errors ?? []) expect(error.message).not.toMatch(REVEALING);
  return a;
}

describe('another partnership\'s rows behave as if they did not exist', () => {
  it('through an agency code nested in an establishment line', async () => {
    const result = await sameAsMadeUp(
      'mutation ($a: String!) { addEstablishmentLine(partnership: "norfolk-suffolk", financialYear: "2014/15", line: { grade: "X", fte: 1, employingAgency: $a }) { id } }',
      (a) => ({ a }), otherAgency, 'made-up-agency',
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('through an agency code nested in a cost share and in a scenario', async () => {
    await sameAsMadeUp(
      'mutation ($a: String!) { saveCostShareDraft(partnership: "norfolk-suffolk", financialYear: "2015/16", input: { basis: FIXED_PERCENTAGES, shares: [{ agency: $a, percent: 100 }] }) { version } }',
      (a) => ({ a }), otherAgency, 'made-up-agency',
    );
    await sameAsMadeUp(
      'query ($a: String!) { scenario(input: { partnership: "norfolk-suffolk", financialYear: "2014/15", cohortTarget: 40, ratios: [{ grade: "C", fte: 1, perNominals: 40 }], pay: [{ grade: "C", costPerFte: 1000 }], costShare: { basis: PRO_RATA_COHORT, shares: [{ agency: $a, weight: 1 }] } }) { budget } }',
      (a) => ({ a }), otherAgency, 'made-up-agency',
    );
  });

  it('through aggregates and lookups by code', async () => {
    for (const query of [
      'query ($p: String!) { fundingPosition(partnership: $p, financialYear: "2015/16") { gap } }',
      'query ($p: String!) { costShare(partnership: $p, financialYear: "2014/15") { total } }',
      'query ($p: String!) { partnership(code: $p) { code } }',
      'query ($p: String!) { savedScenarios(partnership: $p) { name } }',
    ]) await sameAsMadeUp(query, (p) => ({ p }), 'barnet', 'made-up-partnership');
  });

  it('through ids, for every kind of row that is updated or removed by id', async () => {
    const system = asSystem(t.orm.em);
    const elsewhere = { partnership: { code: { $ne: 'norfolk-suffolk' } } };
    const toIds = (row: { id: number; version: number }) => ({ id: String(row.id), version: row.version });
    const line = toIds(await system.findOneOrFail(EstablishmentLine, elsewhere));
    const stream = toIds(await system.findOneOrFail(FundingStream, elsewhere));
    const option = toIds(await system.findOneOrFail(AppraisalOption, elsewhere));
    await sameAsMadeUp('mutation ($id: ID!) { removeEstablishmentLine(id: $id, expectedVersion: 1) }', (id) => ({ id }), line.id, '987654');
    await sameAsMadeUp('mutation ($id: ID!) { updateEstablishmentLine(id: $id, expectedVersion: 1, line: { grade: "X", fte: 1 }) { id } }', (id) => ({ id }), line.id, '987654');
    await sameAsMadeUp('mutation ($id: ID!) { removeFundingStream(id: $id, expectedVersion: 1) }', (id) => ({ id }), stream.id, '987654');
    await sameAsMadeUp('mutation ($id: ID!) { removeAppraisalOption(id: $id, expectedVersion: 1) }', (id) => ({ id }), option.id, '987654');
    // The version is not checked before the row is found: a wrong version on another partnership's row is still "no such row".
    await sameAsMadeUp(`mutation ($id: ID!) { removeEstablishmentLine(id: $id, expectedVersion: ${line.version + 7}) }`, (id) => ({ id }), line.id, '987654');
  });

  it('in nested lists: a partnership\'s agencies, and every list a token can reach', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { code agencies { code } hubs { name } staffingRatios { grade } cohortTargets { target } } }', {}, finance));
    expect(partnerships.map((p: { code: string }) => p.code)).toEqual(['norfolk-suffolk']);
    expect(JSON.stringify(partnerships)).not.toContain(otherAgency);
  });
});

describe('the scope filter', () => {
  it('covers every entity that belongs to a partnership; the others are listed as unscoped on purpose', () => {
    const undecided = t.orm.getMetadata().getAll();
    const names = Object.values(undecided).filter((meta) => !meta.embeddable).map((meta) => meta.className);
    for (const name of names) {
      const meta = t.orm.getMetadata().find(name)!;
      const path = scopePath(name, meta.properties as never);
      if (!path) expect(UNSCOPED_ENTITIES, `${name} belongs to no partnership: list it in UNSCOPED_ENTITIES, or give its path in SCOPE_PATHS`).toContain(name);
      else expect(UNSCOPED_ENTITIES).not.toContain(name);
    }
  });

  it('gives every scoped entity only the caller\'s partnership\'s rows, for finds, counts and loads', async () => {
    const system = asSystem(t.orm.em);
    const own = await system.findOneOrFail(Partnership, { code: 'norfolk-suffolk' });
    const scoped = actingAs(t.orm.em, finance);
    for (const meta of Object.values(t.orm.getMetadata().getAll())) {
      const path = scopePath(meta.className, meta.properties as never);
      if (!path || meta.embeddable || meta.abstract) continue;
      const where = path.split('.').reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), own.id as never);
      expect(await scoped.count(meta.className, {}), meta.className).toBe(await system.count(meta.className, where));
      expect(await system.count(meta.className, {}), `${meta.className}: the demo data has rows of other partnerships`).toBeGreaterThanOrEqual(await scoped.count(meta.className, {}));
    }
    expect(await scoped.count(Partnership, {})).toBe(1);
    expect(await scoped.findOne(EstablishmentLine, { partnership: { code: 'barnet' } })).toBeNull();
  });

  it('refuses to run a query for nobody', async () => {
    await expect(t.orm.em.fork().count(EstablishmentLine, {})).rejects.toThrow(/No arguments provided for filter 'partnershipScope'/);
  });
});
