import { Migration } from '@mikro-orm/migrations';

export class Migration20261128223946 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "medium_term_plan_variant" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "name" varchar(255) not null, "from_year" varchar(255) not null, "years" int not null, "assumptions" jsonb not null, "notes" text null, "saved_by" varchar(255) not null);`);
    this.addSql(`create index "medium_term_plan_variant_partnership_id_index" on "medium_term_plan_variant" ("partnership_id");`);
    this.addSql(`alter table "medium_term_plan_variant" add constraint "medium_term_plan_variant_partnership_id_name_unique" unique ("partnership_id", "name");`);

    this.addSql(`alter table "medium_term_plan_variant" add constraint "medium_term_plan_variant_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "medium_term_plan_variant" cascade;`);
  }

}
