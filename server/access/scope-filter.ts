import { ReferenceKind, Utils, type Dictionary, type EntityManager, type EntityName, type Options } from '@mikro-orm/core';
import { PARTNERSHIP_SCOPE, type ScopeParams } from './caller.js';

type FilterDef = NonNullable<Options['filters']>[string];

/**
 * Rows that belong to a partnership without a `partnership` property of their own name the path
 * to it here (cohort records reached through a nominal add `Identity: 'nominal.partnership'`).
 */
export const SCOPE_PATHS: Readonly<Record<string, string>> = {
  CostShareEntry: 'agreement.partnership',
  NominalIdentity: 'nominal.partnership',
  Referral: 'nominal.partnership',
  Membership: 'nominal.partnership',
  StatusReview: 'membership.nominal.partnership',
  Offence: 'nominal.partnership',
};

/**
 * Entities that belong to no partnership: every caller sees them (what a caller may do with them is the policy's business). The report
 * library's (server/reports/) are shared with partnerships, owned by tokens, or both: the library applies its own rule.
 */
export const UNSCOPED_ENTITIES: readonly string[] = [
  'Versioned', 'HubMeta', 'FinancialYear', 'AccessToken', 'AuditEntry', 'AuditReadBlock', 'CrimeCategory', 'CrimeClassification', 'UnitCostOfCrime',
  'ReportVersion', 'ParameterSet', 'WorkbookRecord', 'QueryDocument', 'WorkbookBindingRecord', 'WorkbookSnapshot', 'SnapshotBinding',
];

/** The path from an entity to the partnership it belongs to: `id` for Partnership itself, else `partnership` or a SCOPE_PATHS entry. */
export function scopePath(entityName: string, properties: Dictionary<{ kind: ReferenceKind; type: string }>): string | null {
  if (entityName === 'Partnership') return 'id';
  if (SCOPE_PATHS[entityName]) return SCOPE_PATHS[entityName];
  const partnership = properties.partnership;
  return partnership && partnership.kind === ReferenceKind.MANY_TO_ONE && partnership.type === 'Partnership' ? 'partnership' : null;
}

function nested(path: string, condition: unknown): Dictionary {
  return path.split('.').reduceRight<Dictionary>((inner, key) => ({ [key]: inner }), condition as Dictionary);
}

/**
 * The one place partnership scope is enforced: a MikroORM filter on every entity, on by default,
 * that adds `partnership in (the caller's partnerships)` to every find, count, update and delete.
 * A row of another partnership is therefore never loaded, so it behaves exactly like one that
 * does not exist. An EntityManager without a caller fails loudly instead of seeing everything.
 */
export const partnershipScopeFilter: FilterDef = {
  name: PARTNERSHIP_SCOPE,
  default: true,
  cond: (params: Dictionary, _type: unknown, em: EntityManager, _options: unknown, entityName?: EntityName<unknown>) => {
    const args = params as ScopeParams;
    if (!args?.caller) throw new Error('This EntityManager acts for nobody: fork it with actingAs() or asSystem().');
    const name = entityName ? Utils.className(entityName) : '';
    const meta = em.getMetadata().find(name);
    const path = meta ? scopePath(meta.className, meta.properties as never) : null;
    const ids = args.caller.partnershipIds;
    if (!path || ids === 'ALL') return {};
    return nested(path, { $in: [...ids] });
  },
};
