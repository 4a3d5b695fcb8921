import { Migration } from '@mikro-orm/migrations';

export class Migration20261128213712 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" add column "partnership_id" int null;`);
    this.addSql(`create index "audit_entry_partnership_id_index" on "audit_entry" ("partnership_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "audit_entry_partnership_id_index";`);
    this.addSql(`alter table "audit_entry" drop column "partnership_id";`);
  }

}
