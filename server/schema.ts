import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage } from 'type-graphql';
import { PartnershipResolver } from './partnership/partnership.resolver.js';
import { FinancialYearResolver } from './financial-year/financial-year.resolver.js';
import { EstablishmentLineResolver, EstablishmentResolver } from './finance/establishment/establishment.resolver.js';
import { CostShareResolver } from './finance/cost-share/cost-share.resolver.js';
import { FinanceHistoryResolver } from './finance/history/finance-history.resolver.js';
import { MediumTermPlanResolver } from './planning/medium-term/medium-term-plan.resolver.js';
import { OptionsAppraisalResolver } from './finance/options/options.resolver.js';
import { ScenarioResolver } from './planning/scenario.resolver.js';
import { StaffingResolver } from './partnership/staffing/staffing.resolver.js';
import { FundingResolver } from './funding/funding.resolver.js';
import { CohortResolver, MembershipResolver, NominalResolver, OffenceResolver, ReferralResolver } from './cohort/cohort.resolver.js';
import { PerformanceResolver } from './performance/performance.resolver.js';
import { ReportsResolver } from './reports/reports.resolver.js';
import { SnapshotResolver } from './reports/snapshot.resolver.js';
import { AccessResolver } from './access/token.resolver.js';
import { AuditResolver } from './access/audit.resolver.js';
import { ImportResolver } from './import/import.resolver.js';
import { BatchResolver } from './batch/batch.resolver.js';
import { guardSchema } from './access/authorize.js';
import { HUB_POLICY } from './access/policy.js';

export const resolvers = [
  PartnershipResolver,
  FinancialYearResolver,
  EstablishmentResolver,
  EstablishmentLineResolver,
  CostShareResolver,
  FinanceHistoryResolver,
  MediumTermPlanResolver,
  FundingResolver,
  OptionsAppraisalResolver,
  StaffingResolver,
  ScenarioResolver,
  ReportsResolver,
  SnapshotResolver,
  CohortResolver,
  NominalResolver,
  MembershipResolver,
  ReferralResolver,
  OffenceResolver,
  PerformanceResolver,
  AccessResolver,
  AuditResolver,
  ImportResolver,
  BatchResolver,
] as const;

let schema: GraphQLSchema | undefined;

/** Each GraphQL object type's class, by name (a name two classes share is left out). */
function classesByName(): Map<string, Function> {
  const byName = new Map<string, Function | null>();
  for (const { name, target } of getMetadataStorage().objectTypes) byName.set(name, byName.has(name) ? null : target);
  return new Map([...byName].filter((entry): entry is [string, Function] => entry[1] !== null));
}

/**
 * Lighter resolvers for the fields of row types, `Referral.referralDate`, so a list of thousands of
 * rows does not go through type-graphql's per-call wrapper (resolver data, parameter list,
 * middleware chain) for every field of every row; the access policy still wraps each one. A field
 * that is a property of the row (no field resolver, no middleware) is read off the row, as
 * type-graphql does; a field resolver taking only `@Root()`, `@Ctx()` and String `@Arg()`s is called
 * directly, so what it returns without a promise reaches graphql-js without one.
 */
function lightResolvers(): Map<string, GraphQLFieldResolver<any, any>> {
  const storage = getMetadataStorage();
  const light = new Map<string, GraphQLFieldResolver<any, any>>();
  for (const [name, target] of classesByName()) {
    const lineage: Function[] = [];
    for (let c = target; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) lineage.push(c);
    const ofType = storage.fieldResolvers.filter((r) => lineage.includes(r.getObjectType?.() as Function));
    const resolved = new Set(ofType.flatMap((r) => [r.methodName, r.schemaName]));
    for (const objectType of lineage.flatMap((c) => storage.objectTypes.filter((o) => o.target === c))) {
      for (const field of objectType.fields ?? []) {
        const key = `${name}.${field.schemaName}`;
        if (resolved.has(field.name) || resolved.has(field.schemaName) || field.middlewares?.length || field.roles || field.simple || light.has(key)) continue;
        const property = field.name;
        light.set(key, (root) => root[property]);
      }
    }
    for (const r of ofType) {
      // A getter of the row's class (`EstablishmentLine.fte`): read off the row, as type-graphql reads it.
      const getter = r.kind === 'internal' && !r.middlewares?.length && !r.roles && lineage.some((c) => Object.getOwnPropertyDescriptor(c.prototype, r.methodName)?.get);
      if (getter && !light.has(`${name}.${r.schemaName}`)) {
        const [Class, property] = [target as new () => Record<string, unknown>, r.methodName];
        light.set(`${name}.${r.schemaName}`, (root) => (root instanceof Class ? root : asInstance(Class, root))[property]);
        continue;
      }
      const params = [...(r.params ?? [])].sort((a, b) => a.index - b.index);
      // A String argument is given as graphql-js gives it: type-graphql's conversion keeps a string, and
      // its validation (off in this schema) is what makes every field with an argument a promise.
      const plain = params.every((p) => ((p.kind === 'root' || p.kind === 'context') && !p.propertyName && !('getType' in p && p.getType))
        || (p.kind === 'arg' && p.getType() === String && !p.validateSettings && !p.validateFn));
      if (r.kind !== 'external' || !(resolvers as readonly Function[]).includes(r.target) || r.middlewares?.length || r.roles || !plain) continue;
      const Class = r.target as new () => Record<string, (...values: unknown[]) => unknown>;
      let instance: Record<string, (...values: unknown[]) => unknown> | undefined;
      const rootFirst = params[0]?.kind === 'root';
      const method = r.methodName;
      light.set(`${name}.${r.schemaName}`, params.length === 2 && params.every((p) => p.kind !== 'arg')
        ? (root, _args, context) => (instance ??= new Class())[method](rootFirst ? root : context, rootFirst ? context : root)
        : (root, args, context) => (instance ??= new Class())[method](...params.map((p) => (p.kind === 'root' ? root : p.kind === 'arg' ? args[p.name] : context))));
    }
  }
  return light;
}

/**
 * A row given as a plain object, as an object of its type's class, as type-graphql makes it before
 * reading a getter (its `convertToType`): the class's own defaults, but for those left undefined
 * that the row does not have, then the row's properties.
 */
function asInstance(Class: new () => Record<string, unknown>, row: Record<string, unknown>): Record<string, unknown> {
  const instance = new Class();
  for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in row)) delete instance[key];
  return Object.assign(instance, row);
}

/** The hub's GraphQL schema, built once from the resolvers; the access policy applies to every field. */
export function hubSchema(): GraphQLSchema {
  schema ??= guardSchema(buildSchemaSync({ resolvers, validate: false }), HUB_POLICY, lightResolvers());
  return schema;
}

/** The SDL committed as `schema/schema.graphql`: sorted, so it changes only when the API does. */
export function printHubSchema(): string {
  return `# Generated from the code by \`npm run schema:print\`; a test fails when it is stale. Do not edit.\n\n${printSchema(lexicographicSortSchema(hubSchema()))}\n`;
}
