import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/** What a cohort mutation answers about the person it wrote: by the same rules as a query. */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const FIELDS = 'gender: MALE, ageBand: "35-44", ethnicity: "White", statutoryStatus: NPS';
const ADD = (reference: string) => `mutation { addNominal(partnership: "thurrock", input: { reference: "${reference}", ${FIELDS},
  identity: { name: "Answer Person", dateOfBirth: "1980-01-02", pncId: "80/123456A" } }) { id version identity { name dateOfBirth pncId } } }`;

describe('identity in a mutation\'s answer', () => {
  it('is shown to the owning partnership\'s case manager who added the person', async () => {
    const caseManager = await t.token('CASE_MANAGER', ['thurrock']);
    const added = dataOf(await t.gql(ADD('ANSWER-1'), {}, caseManager.caller)).addNominal;
    expect(added.identity).toEqual({ name: 'Answer Person', dateOfBirth: '1980-01-02', pncId: '80/123456A' });
  });

  it('is shown after an update of it, and the update answers without an error', async () => {
    const caseManager = await t.token('CASE_MANAGER', ['thurrock']);
    const added = dataOf(await t.gql(ADD('ANSWER-2'), {}, caseManager.caller)).addNominal;
    const result = await t.gql(`mutation ($id: ID!, $v: Int!) { updateNominal(id: $id, expectedVersion: $v, input: { reference: "ANSWER-2", ${FIELDS},
      identity: { name: "Renamed Person" } }) { version identity { name pncId } } }`, { id: added.id, v: added.version }, caseManager.caller);
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateNominal).toEqual({ version: 2, identity: { name: 'Renamed Person', pncId: null } });
  });

  it('is null for an admin, who never sees identities, and still no error', async () => {
    const admin = await t.token('ADMIN');
    const result = await t.gql(ADD('ANSWER-3'), {}, admin.caller);
    expect(result.errors).toBeUndefined();
    expect(result.data?.addNominal.identity).toBeNull();
  });
});
