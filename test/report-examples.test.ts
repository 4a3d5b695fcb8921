import { afterAll, beforeAll, expect, it } from 'vitest';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { asSystem, type Caller } from '../server/access/caller.js';
import { HUB_POLICY } from '../server/access/policy.js';
import { roleName } from '../server/access/role.js';
import { authenticate, issueDemoTokens } from '../server/access/token.service.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * GraphiQL's tabs (and the add-in's library) open each report with the example variables the hub
 * gives the caller's token: every one of them must run, for every demo token allowed to use it.
 */
let t: TestHub;
let demo: { role: string; caller: Caller }[];

beforeAll(async () => {
  t = await startTestHub();
  demo = [];
  for (const { role, token } of await issueDemoTokens(asSystem(t.orm.em, 'test'))) demo.push({ role: roleName(role), caller: (await authenticate(t.orm.em, token))! });
});
afterAll(() => t.close());

/** The root fields a query reads. */
function rootFields(query: string): string[] {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

it('runs every report\'s example for every demo token allowed to use the report', async () => {
  let ran = 0;
  for (const { role, caller } of demo) {
    const { reports } = dataOf(await t.gql<{ reports: { name: string; query: string; variables: string }[] }>('{ reports { name query variables } }', {}, caller));
    expect(reports.length).toBeGreaterThanOrEqual(13);
    for (const report of reports) {
      const allowed = rootFields(report.query).every((field) => HUB_POLICY.operations[`Query.${field}`].roles.includes(caller.role));
      if (!allowed) continue;
      const result = await t.gql(report.query, JSON.parse(report.variables), caller);
      expect(result.errors, `${report.name} as the demo ${role} token with ${report.variables}`).toBeUndefined();
      ran += 1;
    }
  }
  expect(ran).toBeGreaterThan(30);
});
