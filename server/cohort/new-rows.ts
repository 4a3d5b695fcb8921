import { ChangeSet, ChangeSetType, helper, type EntityClass, type EntityData, type EntityManager } from '@mikro-orm/core';
import { appendAuditEntries } from '../access/audit-chain.js';
import { auditRecordOf } from '../access/audit.subscriber.js';

/**
 * New records written as a bulk import writes them: each table's rows in batched INSERTs, then
 * every row's audit entry appended at once, in the import's transaction. The ORM's flush would
 * write the same rows and entries, but with an INSERT and an audit append (the chain's head read,
 * then the entry) for each row, all on the hub's event loop: about 400 statements for 100 cohort
 * records, where this takes a handful. The rows and their entries are the ORM's own: the same
 * values, `onCreate` defaults and payloads (what the audit entry records) as a flush, in the order
 * of `tables`, which must put a table after those it refers to.
 */
export class NewRows {
  private readonly rows = new Map<EntityClass<object>, object[]>();

  /** `viaFlush`: persist the records and flush instead, as every other write does (what the tests compare the rows and entries with). */
  constructor(
    private readonly tx: EntityManager,
    tables: readonly EntityClass<object>[],
    private readonly viaFlush = false,
  ) {
    for (const table of tables) this.rows.set(table, []);
  }

  /** A new record of `entity`, written by `write()` (not by a flush). */
  create<T extends object>(entity: EntityClass<T>, data: EntityData<T>): T {
    const rows = this.rows.get(entity as EntityClass<object>);
    if (!rows) throw new Error(`${entity.name} is not one of the tables these rows are written to.`);
    const row = this.tx.create(entity, data as never, { persist: this.viaFlush }) as T;
    rows.push(row);
    return row;
  }

  /** Writes every record made, table by table, then their audit entries (CREATE, as the flush's subscriber records them). */
  async write(): Promise<void> {
    if (this.viaFlush) return this.tx.flush();
    const persister = this.tx.getUnitOfWork().getChangeSetPersister();
    const comparator = this.tx.getComparator();
    const written: ChangeSet<object>[] = [];
    for (const rows of this.rows.values()) {
      if (!rows.length) continue;
      const meta = helper(rows[0]).__meta;
      const changeSets = rows.map((row) => {
        // As the flush does for a new record: `onCreate` values first, then the record's values.
        for (const prop of meta.props) {
          const values = row as Record<string, unknown>;
          if (prop.onCreate && values[prop.name] === undefined) values[prop.name] = prop.onCreate(row, this.tx);
        }
        return new ChangeSet(row, ChangeSetType.CREATE, comparator.prepareEntity(row) as EntityData<object>, meta);
      });
      await persister.executeInserts(changeSets, { ctx: this.tx.getTransactionContext() });
      written.push(...changeSets);
    }
    await appendAuditEntries(this.tx, written.map((changeSet) => auditRecordOf(this.tx, 'CREATE', changeSet)));
  }
}
