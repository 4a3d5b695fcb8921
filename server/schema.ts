import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage } from 'type-graphql';
import { PartnershipResolver } from './partnership/partnership.resolver.js';
import { FinancialYearResolver } from './financial-year/financial-year.resolver.js';
import { EstablishmentLineResolver, EstablishmentResolver } from './finance/establishment/establishment.resolver.js';
import { CostShareResolver } from './finance/cost-share/cost-share.resolver.js';
import { OptionsAppraisalResolver } from './finance/options/options.resolver.js';
import { ScenarioResolver } from './finance/scenario/scenario.resolver.js';
import { FundingResolver } from './funding/funding.resolver.js';
import { CohortResolver, MembershipResolver, NominalResolver, OffenceResolver, ReferralResolver } from './cohort/cohort.resolver.js';
import { PerformanceResolver } from './performance/performance.resolver.js';
import { ReportsResolver } from './reports/reports.resolver.js';
import { AccessResolver } from './access/token.resolver.js';
import { AuditResolver } from './access/audit.resolver.js';
import { ImportResolver } from './import/import.resolver.js';
import { guardSchema } from './access/authorize.js';
import { HUB_POLICY } from './access/policy.js';

export const resolvers = [
  PartnershipResolver,
  FinancialYearResolver,
  EstablishmentResolver,
  EstablishmentLineResolver,
  CostShareResolver,
  FundingResolver,
  OptionsAppraisalResolver,
  ScenarioResolver,
  ReportsResolver,
  CohortResolver,
  NominalResolver,
  MembershipResolver,
  ReferralResolver,
  OffenceResolver,
  PerformanceResolver,
  AccessResolver,
  AuditResolver,
  ImportResolver,
] as const;

let schema: GraphQLSchema | undefined;

/**
 * The fields type-graphql resolves by reading a property of the row (no field resolver, no
 * middleware), `Referral.referralDate` → `referralDate`, so the access policy can read them
 * directly instead of through type-graphql's wrapper for every row of a large list.
 */
function propertyFields(): Map<string, string> {
  const storage = getMetadataStorage();
  const classes = new Map<string, Function[]>();
  for (const objectType of storage.objectTypes) classes.set(objectType.name, [...(classes.get(objectType.name) ?? []), objectType.target]);
  const properties = new Map<string, string>();
  for (const [name, targets] of classes) {
    if (targets.length !== 1) continue; // two classes of one name: leave their fields as built
    const lineage: Function[] = [];
    for (let c = targets[0]; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) lineage.push(c);
    const resolved = new Set(storage.fieldResolvers.filter((r) => lineage.includes(r.getObjectType?.() as Function)).flatMap((r) => [r.methodName, r.schemaName]));
    for (const objectType of lineage.flatMap((c) => storage.objectTypes.filter((o) => o.target === c))) {
      for (const field of objectType.fields ?? []) {
        if (resolved.has(field.name) || resolved.has(field.schemaName) || field.middlewares?.length || field.roles || field.simple) continue;
        if (!properties.has(`${name}.${field.schemaName}`)) properties.set(`${name}.${field.schemaName}`, field.name);
      }
    }
  }
  return properties;
}

/** The hub's GraphQL schema, built once from the resolvers; the access policy applies to every field. */
export function hubSchema(): GraphQLSchema {
  schema ??= guardSchema(buildSchemaSync({ resolvers, validate: false }), HUB_POLICY, propertyFields());
  return schema;
}

/** The SDL committed as `schema/schema.graphql`: sorted, so it changes only when the API does. */
export function printHubSchema(): string {
  return `# Generated from the code by \`npm run schema:print\`; a test fails when it is stale. Do not edit.\n\n${printSchema(lexicographicSortSchema(hubSchema()))}\n`;
}
