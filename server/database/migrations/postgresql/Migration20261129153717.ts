import { Migration } from '@mikro-orm/migrations';

/**
 * The nominals each read returned, 32 to a row (see the SQLite migration of the same change):
 * audit_read_block, filled from audit_nominal_read, which becomes a view of one row a nominal
 * read; the new table refuses UPDATE, DELETE and TRUNCATE like the rest of the log.
 */
export class Migration20261129153717 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_read_block" ("entry_id" int not null, "block" int not null, "nominals" bigint not null, "identities" bigint not null default 0, constraint "audit_read_block_pkey" primary key ("entry_id", "block"));`);
    this.addSql(`create index "audit_read_block_block_entry_id_index" on "audit_read_block" ("block", "entry_id");`);

    this.addSql(`insert into "audit_read_block" ("entry_id", "block", "nominals", "identities")
      select "entry_id", "nominal_id" >> 5, sum(1::bigint << ("nominal_id" & 31)), sum(case when "identity_shown" then 1::bigint << ("nominal_id" & 31) else 0 end)
      from "audit_nominal_read" group by "entry_id", "nominal_id" >> 5;`);
    this.addSql(`drop table if exists "audit_nominal_read" cascade;`);

    this.addSql(`create trigger "audit_read_block_no_update" before update on "audit_read_block" for each row execute function "audit_entry_refuse_change"();`);
    this.addSql(`create trigger "audit_read_block_no_delete" before delete on "audit_read_block" for each row execute function "audit_entry_refuse_change"();`);
    this.addSql(`create trigger "audit_read_block_no_truncate" before truncate on "audit_read_block" for each statement execute function "audit_entry_refuse_change"();`);

    this.addSql(`create view "audit_nominal_read" as
      select b."entry_id", b."block" * 32 + bits.bit as "nominal_id", (b."identities" >> bits.bit) & 1 = 1 as "identity_shown"
      from "audit_read_block" b cross join generate_series(0, 31) as bits(bit) where ((b."nominals" | b."identities") >> bits.bit) & 1 = 1;`);
  }

}
