import { defaultFieldResolver, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { HubContext } from '../context.js';
import { DomainError } from '../errors/domain-error.js';
import type { Caller } from './caller.js';
import { refuseBadText } from './input-guard.js';
import { NOMINAL_OF } from './nominal-reads.js';
import type { AccessPolicy } from './policy.js';
import { Role, aTokenOf } from './role.js';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function forbidden(caller: Caller, what: string): DomainError {
  return new DomainError('FORBIDDEN', `${aTokenOf(caller.role)} may not use ${what}.`);
}

/** Identity fields show their value only to case managers whose token covers the owning partnership. */
export function seesIdentity(caller: Caller, ownerPartnershipId: number): boolean {
  if (caller.role !== Role.CASE_MANAGER) return false;
  return caller.partnershipIds === 'ALL' || caller.partnershipIds.includes(ownerPartnershipId);
}

/**
 * Enforces the access policy on every field the schema resolves (a type-graphql global
 * middleware): a query or mutation the caller's role may not use is FORBIDDEN, and so is any
 * field of a type, or a field, it may not read; an identity field gives the pseudonym instead.
 * Anything missing from the policy is refused, and so are arguments holding a NUL character. Which partnership's rows are seen is not decided
 * here but by the scope filter, so other partnerships' rows are simply never loaded.
 */
export function enforcePolicy(policy: AccessPolicy): MiddlewareFn<HubContext> {
  return async ({ root, args, context, info }, next) => checkField(policy, root, args, context, info, next);
}

/**
 * A field of a row type whose value is a property of the row, or what a light resolver (guardSchema's
 * `resolvers`) gives from the row, its arguments and the context alone: what its guard checks, for
 * an answer made without graphql-js (server/access/plain-lists.ts).
 */
export interface PlainField {
  /** `Referral.referralDate`. */
  key: string;
  /** Who may read it. */
  roles: readonly Role[] | undefined;
  /** The type whose rows are noted as read for the audit log, or null. */
  nominalLevel: string | null;
  /** Whether it takes arguments (the guard refuses those holding a NUL when some are given). */
  takesArguments: boolean;
  /** The value from the row, the arguments as graphql-js gives them, and the context (no resolve info). */
  resolve: (root: any, args: Record<string, unknown>, context: HubContext) => unknown;
}

const plainFields = new WeakMap<GraphQLField<unknown, unknown>, PlainField>();

/** What the guard of `field` checks, when it is a plain field (PlainField) of a schema guardSchema made. */
export const plainFieldOf = (field: GraphQLField<any, any>): PlainField | undefined => plainFields.get(field);

/**
 * The same policy as a plain wrapper of every field's resolver, applied once to the built schema.
 * It stays synchronous where the field is (a list of rows is not turned into a promise per field,
 * as a type-graphql middleware would), which is most of the cost of a large report. What a field's
 * check needs is looked up here, once, not for every row. `resolvers` replaces a field's own
 * resolver with a lighter one that gives the same value (`Referral.referralDate`: read the property).
 */
export function guardSchema(schema: GraphQLSchema, policy: AccessPolicy, resolvers: ReadonlyMap<string, GraphQLFieldResolver<any, HubContext>> = new Map()): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      const resolve = resolvers.get(key) ?? field.resolve ?? defaultFieldResolver;
      const fieldRule = policy.fields[key];
      if (ROOT_TYPES.has(type.name) || fieldRule?.kind === 'identity') {
        field.resolve = (root, args, context: HubContext, info) => checkField(policy, root, args, context, info, () => resolve(root, args, context, info));
        continue;
      }
      const roles = fieldRule?.roles ?? policy.types[type.name]?.roles;
      const takesArguments = field.args.length > 0;
      // Every field of a nominal-level row notes the row as read, for the audit log.
      const nominalLevel = policy.types[type.name]?.sensitivity === 'NOMINAL' && type.name in NOMINAL_OF ? type.name : null;
      const light = resolvers.get(key);
      if (light) plainFields.set(field, { key, roles, nominalLevel, takesArguments, resolve: (root, args, context) => light(root, args, context, undefined as never) });
      field.resolve = (root, args, context: HubContext, info) => {
        if (takesArguments && info.fieldNodes[0]?.arguments?.length) refuseBadText(args);
        if (!roles || !roles.includes(context.caller.role)) throw forbidden(context.caller, key);
        if (nominalLevel) context.reads?.note(info, nominalLevel, root);
        return resolve(root, args, context, info);
      };
    }
  }
  return schema;
}

/** The check of a query or mutation field (`parent`: Query, Mutation): throws if the caller may not use it or its arguments are refused. */
export function checkOperation(policy: AccessPolicy, parent: string, fieldName: string, args: Record<string, unknown>, context: HubContext): void {
  const { caller } = context;
  const rule = policy.operations[`${parent}.${fieldName}`];
  if (!rule || !rule.roles.includes(caller.role)) throw forbidden(caller, fieldName);
  if (rule.kind === 'write') caller.operation = fieldName;
  refuseBadText(args);
}

function checkField(policy: AccessPolicy, root: any, args: Record<string, unknown>, context: HubContext, info: GraphQLResolveInfo, next: () => unknown): unknown {
  const { caller } = context;
  const parent = info.parentType.name;
  if (ROOT_TYPES.has(parent)) {
    checkOperation(policy, parent, info.fieldName, args, context);
    context.reads?.begin(info);
    return next();
  }
  if (info.fieldNodes[0]?.arguments?.length) refuseBadText(args);
  const key = `${parent}.${info.fieldName}`;
  const fieldRule = policy.fields[key];
  if (fieldRule?.kind === 'identity') {
    if (!seesIdentity(caller, fieldRule.owner(root))) return fieldRule.pseudonym(root);
    // An identity value goes out: noted against its nominal (a row's other fields are noted as read below).
    context.reads?.note(info, parent, root, parent === 'NominalIdentity');
    return next();
  }
  const roles = fieldRule?.roles ?? policy.types[parent]?.roles;
  if (!roles || !roles.includes(caller.role)) throw forbidden(caller, key);
  return next();
}
