import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Facts about the database itself, e.g. when the demo data was loaded (so it is loaded once). */
@Entity({ tableName: 'hub_meta' })
export class HubMeta {
  @PrimaryKey({ type: 'string' })
  key!: string;

  @Property({ type: 'text' })
  value!: string;
}
