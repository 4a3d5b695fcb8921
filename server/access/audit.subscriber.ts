import { helper, type ChangeSet, type EntityManager, type EventArgs, type EventSubscriber } from '@mikro-orm/core';
import { AuditEntry } from './audit-entry.entity.js';
import { callerOf } from './caller.js';

type Action = 'CREATE' | 'UPDATE' | 'DELETE';

/** Column values without the hidden ones (a token's hash), as JSON. */
function snapshot(changeSet: ChangeSet<object>, data: Record<string, unknown> | undefined): string | null {
  if (!data) return null;
  const visible = Object.entries(data).filter(([key]) => !(changeSet.meta.properties as Record<string, { hidden?: boolean } | undefined>)[key]?.hidden);
  return JSON.stringify(Object.fromEntries(visible));
}

function partnershipOf(changeSet: ChangeSet<object>, data: Record<string, unknown> | undefined): number | null {
  const id = Number(changeSet.meta.className === 'Partnership' ? data?.id : data?.partnership);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function record(em: EntityManager, action: Action, changeSet: ChangeSet<object>): Promise<void> {
  const caller = callerOf(em);
  // A removed record has no original data left by now: its values are still on the entity.
  const original = (changeSet.originalEntity ?? (action === 'DELETE' ? em.getComparator().prepareEntity(changeSet.entity) : undefined)) as Record<string, unknown> | undefined;
  const id = helper(changeSet.entity).getSerializedPrimaryKey();
  const afterData = action === 'DELETE' ? undefined : { ...(action === 'UPDATE' ? original : { [changeSet.meta.primaryKeys[0]]: id }), ...changeSet.payload };
  await em.insert(AuditEntry, {
    at: new Date(),
    tokenId: caller.tokenId,
    role: caller.role,
    operation: caller.operation,
    entity: changeSet.meta.className,
    entityId: String(id),
    action,
    before: action === 'CREATE' ? null : snapshot(changeSet, original),
    after: snapshot(changeSet, afterData),
    partnershipId: partnershipOf(changeSet, afterData ?? original),
  });
}

/**
 * Records every change to every record (who, when, which mutation, before and after) in the
 * audit log, inside the transaction that makes the change: a rolled-back write leaves no entry,
 * and no change is committed without one. The audit log itself can only be appended to.
 */
export class AuditSubscriber implements EventSubscriber {
  async afterCreate(args: EventArgs<object>): Promise<void> {
    if (!(args.entity instanceof AuditEntry)) await record(args.em, 'CREATE', args.changeSet as ChangeSet<object>);
  }

  async afterUpdate(args: EventArgs<object>): Promise<void> {
    if (args.entity instanceof AuditEntry) throw new Error('The audit log cannot be changed.');
    await record(args.em, 'UPDATE', args.changeSet as ChangeSet<object>);
  }

  async afterDelete(args: EventArgs<object>): Promise<void> {
    if (args.entity instanceof AuditEntry) throw new Error('The audit log cannot be changed.');
    await record(args.em, 'DELETE', args.changeSet as ChangeSet<object>);
  }
}

/**
 * The hook for reads of nominal-level data: a service that returns nominal-level rows calls
 * `recordNominalRead(em, 'cohort', rows.length)` and the read is in the audit log with the caller.
 */
export async function recordNominalRead(em: EntityManager, operation: string, nominals: number): Promise<void> {
  const caller = callerOf(em);
  await em.insert(AuditEntry, { at: new Date(), tokenId: caller.tokenId, role: caller.role, operation, entity: 'Nominal', entityId: null, action: 'READ', nominals });
}
