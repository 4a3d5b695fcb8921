import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { graphql } from 'graphql';
import { buildSchemaSync, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { enforcePolicy } from '../server/access/authorize.js';
import { callerFor } from '../server/access/caller.js';
import { identityField, NOMINAL_READERS, type AccessPolicy } from '../server/access/policy.js';
import { Role, aTokenOf } from '../server/access/role.js';
import type { HubContext } from '../server/context.js';

/** A nominal-level type that exists only in this test, to try the identity rule before the cohort records exist. */
@ObjectType()
class TestNominal {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Pseudonymous reference.' })
  reference!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  dateOfBirth!: string | null;

  partnershipId!: number;
}

const NOMINALS: TestNominal[] = [
  { id: '1', reference: 'NS-0001', name: 'Alex Example', dateOfBirth: '1990-01-01', partnershipId: 1 },
  { id: '2', reference: 'TH-0002', name: 'Sam Sample', dateOfBirth: '1985-05-05', partnershipId: 2 },
];

@Resolver()
class TestNominalResolver {
  @Query(() => [TestNominal])
  testNominals(): TestNominal[] {
    return NOMINALS;
  }
}

const policy: AccessPolicy = {
  operations: { 'Query.testNominals': { kind: 'read', roles: NOMINAL_READERS, scope: 'partnership', sensitivity: 'NOMINAL' } },
  types: { TestNominal: { roles: NOMINAL_READERS, sensitivity: 'NOMINAL' } },
  fields: {
    'TestNominal.name': identityField<TestNominal>((n) => n.partnershipId, (n) => n.reference),
    'TestNominal.dateOfBirth': identityField<TestNominal>((n) => n.partnershipId, () => null),
  },
};

const schema = buildSchemaSync({ resolvers: [TestNominalResolver], validate: false, globalMiddlewares: [enforcePolicy(policy)] });

async function asRole(role: Role, partnershipIds: number[]) {
  const contextValue = { caller: callerFor(7, role, partnershipIds), em: undefined, loaders: new Map() } as unknown as HubContext;
  return graphql({ schema, source: '{ testNominals { id reference name dateOfBirth } }', contextValue });
}

describe('identity fields', () => {
  it('resolve for a case manager of the owning partnership only; other partnerships\' nominals show the pseudonym', async () => {
    const result = await asRole(Role.CASE_MANAGER, [1]);
    expect(result.errors).toBeUndefined();
    expect(result.data?.testNominals).toEqual([
      { id: '1', reference: 'NS-0001', name: 'Alex Example', dateOfBirth: '1990-01-01' },
      { id: '2', reference: 'TH-0002', name: 'TH-0002', dateOfBirth: null },
    ]);
  });

  it.each([Role.ANALYST, Role.ADMIN])('give %s the pseudonymous reference instead', async (role) => {
    const result = await asRole(role, [1, 2]);
    expect(result.errors).toBeUndefined();
    expect(result.data?.testNominals).toEqual([
      { id: '1', reference: 'NS-0001', name: 'NS-0001', dateOfBirth: null },
      { id: '2', reference: 'TH-0002', name: 'TH-0002', dateOfBirth: null },
    ]);
  });

  it.each([Role.FINANCE, Role.BOARD])('are out of reach of %s, who sees no nominal-level data at all', async (role) => {
    const result = await asRole(role, [1]);
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toBe(`${aTokenOf(role)} may not use testNominals.`);
  });
});
