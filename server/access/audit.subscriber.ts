import { helper, type ChangeSet, type EntityManager, type EventArgs, type EventSubscriber } from '@mikro-orm/core';
import { AuditEntry, AuditReadBlock } from './audit-entry.entity.js';
import { appendAuditEntries, withoutIdentity, type AuditRecord } from './audit-chain.js';
import { callerOf } from './caller.js';

type Action = 'CREATE' | 'UPDATE' | 'DELETE';

/** Column values without the hidden ones (a token's hash). */
function visible(changeSet: ChangeSet<object>, data: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!data) return null;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !(changeSet.meta.properties as Record<string, { hidden?: boolean } | undefined>)[key]?.hidden));
}

function partnershipOf(changeSet: ChangeSet<object>, data: Record<string, unknown> | undefined): number | null {
  const id = Number(changeSet.meta.className === 'Partnership' ? data?.id : data?.partnership);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

const json = (snapshot: Record<string, unknown> | null) => (snapshot ? JSON.stringify(snapshot) : null);

/** The audit log's entry for one change, as the caller of `em`. */
export function auditRecordOf(em: EntityManager, action: Action, changeSet: ChangeSet<object>): AuditRecord {
  const caller = callerOf(em);
  // A removed record has no original data left by now: its values are still on the entity.
  const original = (changeSet.originalEntity ?? (action === 'DELETE' ? em.getComparator().prepareEntity(changeSet.entity) : undefined)) as Record<string, unknown> | undefined;
  const id = helper(changeSet.entity).getSerializedPrimaryKey();
  const afterData = action === 'DELETE' ? undefined : { ...(action === 'UPDATE' ? original : { [changeSet.meta.primaryKeys[0]]: id }), ...changeSet.payload };
  const entity = changeSet.meta.className;
  const { before, after } = withoutIdentity(entity, action, action === 'CREATE' ? null : visible(changeSet, original), visible(changeSet, afterData));
  return { tokenId: caller.tokenId, role: caller.role, operation: caller.operation, entity, entityId: String(id), action, before: json(before), after: json(after), partnershipId: partnershipOf(changeSet, afterData ?? original) };
}

async function record(em: EntityManager, action: Action, changeSet: ChangeSet<object>): Promise<void> {
  await appendAuditEntries(em, [auditRecordOf(em, action, changeSet)]);
}

const isAuditLog = (entity: unknown) => entity instanceof AuditEntry || entity instanceof AuditReadBlock;

/**
 * Records every change to every record (who, when, which mutation, before and after) in the
 * audit log, inside the transaction that makes the change: a rolled-back write leaves no entry,
 * and no change is committed without one. The audit log itself can only be appended to.
 */
export class AuditSubscriber implements EventSubscriber {
  async afterCreate(args: EventArgs<object>): Promise<void> {
    if (isAuditLog(args.entity)) throw new Error('The audit log is appended to through appendAuditEntries only.');
    await record(args.em, 'CREATE', args.changeSet as ChangeSet<object>);
  }

  async afterUpdate(args: EventArgs<object>): Promise<void> {
    if (isAuditLog(args.entity)) throw new Error('The audit log cannot be changed.');
    await record(args.em, 'UPDATE', args.changeSet as ChangeSet<object>);
  }

  async afterDelete(args: EventArgs<object>): Promise<void> {
    if (isAuditLog(args.entity)) throw new Error('The audit log cannot be changed.');
    await record(args.em, 'DELETE', args.changeSet as ChangeSet<object>);
  }
}

/**
 * A read of nominal-level data, as the caller of `em`: `nominals` is how many were returned, or
 * which (their ids, each with whether its identity was shown). Requests record their reads
 * themselves (server/access/read-audit.ts); this is for reads made outside GraphQL.
 */
export async function recordNominalRead(em: EntityManager, operation: string, nominals: number | ReadonlyMap<number, boolean>): Promise<void> {
  await recordNominalReads(em, [{ operation, nominals }]);
}

/** Several reads (one a query or mutation field), appended together; `whileCommitting` as appendAuditEntries takes it. */
export async function recordNominalReads(em: EntityManager, reads: readonly { operation: string; nominals: number | ReadonlyMap<number, boolean> }[], whileCommitting?: () => void): Promise<void> {
  const caller = callerOf(em);
  await appendAuditEntries(
    em,
    reads.map(({ operation, nominals }) => {
      const ids = typeof nominals === 'number' ? undefined : nominals;
      return {
        tokenId: caller.tokenId, role: caller.role, operation, entity: 'Nominal', entityId: null, action: 'READ',
        nominals: ids ? ids.size : (nominals as number), identitiesShown: ids ? [...ids.values()].some(Boolean) : null, nominalReads: ids,
      };
    }),
    whileCommitting,
  );
}
