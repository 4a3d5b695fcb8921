import { Collection, Entity, Index, ManyToOne, OneToMany, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/**
 * A frozen board pack: the exact answer the hub served for each binding of a workbook, with the
 * query, its variables, their hash and the time. Never changed once taken, so the figures a board
 * was given can be shown again byte for byte, whatever has changed in the data since.
 */
@Entity({ tableName: 'workbook_snapshot' })
export class WorkbookSnapshot {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @Property({ type: 'string', length: 64 })
  workbook!: string;

  @Property({ type: 'string', nullable: true })
  title?: string | null;

  @Property({ type: 'datetime' })
  takenAt: Opt<Date> = new Date();

  @Property({ type: 'string' })
  takenBy!: string;

  /** The token that took it (null: the hub itself); only it and admins read it back, as it holds what that token was shown. */
  @Property({ type: 'integer', nullable: true })
  tokenId!: number | null;

  @OneToMany(() => SnapshotBinding, (binding) => binding.snapshot, { orderBy: { id: 'asc' } })
  bindings = new Collection<SnapshotBinding>(this);
}

@Entity({ tableName: 'snapshot_binding' })
export class SnapshotBinding {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => WorkbookSnapshot, { deleteRule: 'cascade' })
  snapshot!: WorkbookSnapshot;

  @Property({ type: 'string', length: 64 })
  binding!: string;

  @Property({ type: 'string', nullable: true })
  title?: string | null;

  @Property({ type: 'text' })
  query!: string;

  /** The variables as sent, JSON text. */
  @Property({ type: 'text' })
  variables!: string;

  /** SHA-256 of the query and its variables (server/reports/explain.ts). */
  @Property({ type: 'string', length: 64 })
  queryHash!: string;

  /** The answer's data exactly as served, JSON text. Hidden: it stays out of the audit log's copy of the row. */
  @Property({ type: 'text', hidden: true })
  data!: string;

  /** The measures the answer's figures come from, JSON: [{ name, version, definition }]. */
  @Property({ type: 'text' })
  measures!: string;
}
