import { Entity, Index, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';

/**
 * A report an analyst published to the library: one row per version. A version is never changed:
 * publishing again under the same name adds the next version, and workbooks that ran an older one
 * keep running it (their bindings hold its text; `report(name, version)` gives it back).
 */
@Entity({ tableName: 'report_version' })
@Unique({ properties: ['name', 'version'] })
export class ReportVersion {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', length: 64 })
  name!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'string' })
  title!: string;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'text' })
  query!: string;

  /** Example variables, as JSON text. */
  @Property({ type: 'text' })
  exampleVariables!: string;

  /** SHA-256 of the query text: how a workbook's binding is matched to the version it runs. */
  @Index()
  @Property({ type: 'string', length: 64 })
  documentHash!: string;

  /** The token that published the report's first version owns it; null: the hub itself (the command line). */
  @Property({ type: 'integer', nullable: true })
  ownerTokenId!: number | null;

  @Property({ type: 'string' })
  ownerLabel!: string;

  /** Ids of the partnerships whose tokens may use this version (besides its owner and admins). */
  @Property({ type: 'json' })
  sharedWith!: number[];

  @Property({ type: 'datetime' })
  publishedAt: Opt<Date> = new Date();
}
