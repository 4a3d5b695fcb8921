import { Migration } from '@mikro-orm/migrations';

export class Migration20261128220241 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cost_share_version" ("id" serial primary key, "agreement_id" int not null, "partnership_id" int not null, "year_label" varchar(255) not null, "number" int not null, "basis" text check ("basis" in ('FIXED_PERCENTAGES', 'PRO_RATA_COHORT', 'PRO_RATA_FTE_HOSTED', 'PRO_RATA_POPULATION')) not null, "total_pence" int not null, "total_complete" boolean not null, "shares" jsonb not null, "agreed_at" timestamptz not null, "agreed_by" varchar(255) not null, "agreed_by_token_id" int null, "note" text null, "notes" text null, "source" text null);`);
    this.addSql(`create index "cost_share_version_agreement_id_index" on "cost_share_version" ("agreement_id");`);
    this.addSql(`create index "cost_share_version_partnership_id_index" on "cost_share_version" ("partnership_id");`);
    this.addSql(`create index "cost_share_version_year_label_index" on "cost_share_version" ("year_label");`);
    this.addSql(`alter table "cost_share_version" add constraint "cost_share_version_agreement_id_number_unique" unique ("agreement_id", "number");`);

    this.addSql(`alter table "cost_share_version" add constraint "cost_share_version_agreement_id_foreign" foreign key ("agreement_id") references "cost_share_agreement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cost_share_version" add constraint "cost_share_version_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cost_share_version" add constraint "cost_share_version_year_label_foreign" foreign key ("year_label") references "financial_year" ("label") on update cascade;`);

    this.addSql(`alter table "cost_share_agreement" add column "plan_version" int not null default 1;`);

    // An agreed version is frozen, whatever the client: the database itself refuses to change one.
    this.addSql(`create function "cost_share_version_refuse_change"() returns trigger language plpgsql as $$ begin raise exception 'an agreed cost-share version cannot be changed'; end; $$;`);
    this.addSql(`create trigger "cost_share_version_no_update" before update on "cost_share_version" for each row execute function "cost_share_version_refuse_change"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "cost_share_version_no_update" on "cost_share_version";`);
    this.addSql(`drop function if exists "cost_share_version_refuse_change"();`);
    this.addSql(`drop table if exists "cost_share_version" cascade;`);

    this.addSql(`alter table "cost_share_agreement" drop column "plan_version";`);
  }

}
