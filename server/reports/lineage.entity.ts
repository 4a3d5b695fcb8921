import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';

/**
 * Lineage: which workbooks run which queries. Each workbook carries an id in its bindings and every
 * request made for a binding names the workbook and the binding (server/reports/lineage.ts), so the
 * hub knows who uses each report and can check a schema change against the queries in use.
 */
@Entity({ tableName: 'workbook' })
export class WorkbookRecord {
  /** The id the workbook's bindings carry. */
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @Property({ type: 'string', nullable: true })
  title?: string | null;

  @Property({ type: 'datetime' })
  firstSeenAt: Opt<Date> = new Date();

  @Property({ type: 'datetime' })
  lastRefreshedAt!: Date;

  @Property({ type: 'string' })
  lastRefreshedBy!: string;
}

/** The text of a query some workbook runs, once per distinct text. */
@Entity({ tableName: 'query_document' })
export class QueryDocument {
  /** SHA-256 of the text. */
  @PrimaryKey({ type: 'string', length: 64 })
  hash!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'datetime' })
  firstSeenAt: Opt<Date> = new Date();
}

/** One binding of a workbook: the query it last ran (and the report version that text is, when it is one) and when. */
@Entity({ tableName: 'workbook_binding' })
@Unique({ properties: ['workbook', 'binding'] })
export class WorkbookBindingRecord {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => WorkbookRecord, { deleteRule: 'cascade' })
  workbook!: WorkbookRecord;

  @Property({ type: 'string', length: 64 })
  binding!: string;

  @Index()
  @Property({ type: 'string', length: 64, nullable: true })
  reportName?: string | null;

  @Property({ type: 'integer', nullable: true })
  reportVersion?: number | null;

  @ManyToOne(() => QueryDocument)
  document!: QueryDocument;

  @Property({ type: 'datetime' })
  lastRefreshedAt!: Date;

  @Property({ type: 'string' })
  lastRefreshedBy!: string;
}
