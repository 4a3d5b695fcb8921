import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
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

/** The hub's GraphQL schema, built once from the resolvers; the access policy applies to every field. */
export function hubSchema(): GraphQLSchema {
  schema ??= guardSchema(buildSchemaSync({ resolvers, validate: false }), HUB_POLICY);
  return schema;
}

/** The SDL committed as `schema/schema.graphql`: sorted, so it changes only when the API does. */
export function printHubSchema(): string {
  return `# Generated from the code by \`npm run schema:print\`; a test fails when it is stale. Do not edit.\n\n${printSchema(lexicographicSortSchema(hubSchema()))}\n`;
}
