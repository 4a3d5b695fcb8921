import { Migration } from '@mikro-orm/migrations';

export class Migration20261129002254 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "parameter_set" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "report" varchar(64) not null, "name" varchar(255) not null, "variables" text not null, "owner_token_id" int null, "owner_label" varchar(255) not null, "shared_with_id" int null);`);
    this.addSql(`create index "parameter_set_shared_with_id_index" on "parameter_set" ("shared_with_id");`);

    this.addSql(`create table "query_document" ("hash" varchar(64) not null, "text" text not null, "first_seen_at" timestamptz not null, constraint "query_document_pkey" primary key ("hash"));`);

    this.addSql(`create table "report_version" ("id" serial primary key, "name" varchar(64) not null, "version" int not null, "title" varchar(255) not null, "description" text not null, "query" text not null, "example_variables" text not null, "document_hash" varchar(64) not null, "owner_token_id" int null, "owner_label" varchar(255) not null, "shared_with" jsonb not null, "published_at" timestamptz not null);`);
    this.addSql(`create index "report_version_document_hash_index" on "report_version" ("document_hash");`);
    this.addSql(`alter table "report_version" add constraint "report_version_name_version_unique" unique ("name", "version");`);

    this.addSql(`create table "workbook" ("id" varchar(64) not null, "title" varchar(255) null, "first_seen_at" timestamptz not null, "last_refreshed_at" timestamptz not null, "last_refreshed_by" varchar(255) not null, constraint "workbook_pkey" primary key ("id"));`);

    this.addSql(`create table "workbook_binding" ("id" serial primary key, "workbook_id" varchar(64) not null, "binding" varchar(64) not null, "report_name" varchar(64) null, "report_version" int null, "document_hash" varchar(64) not null, "last_refreshed_at" timestamptz not null, "last_refreshed_by" varchar(255) not null);`);
    this.addSql(`create index "workbook_binding_workbook_id_index" on "workbook_binding" ("workbook_id");`);
    this.addSql(`create index "workbook_binding_report_name_index" on "workbook_binding" ("report_name");`);
    this.addSql(`create index "workbook_binding_document_hash_index" on "workbook_binding" ("document_hash");`);
    this.addSql(`alter table "workbook_binding" add constraint "workbook_binding_workbook_id_binding_unique" unique ("workbook_id", "binding");`);

    this.addSql(`create table "workbook_snapshot" ("id" serial primary key, "workbook" varchar(64) not null, "title" varchar(255) null, "taken_at" timestamptz not null, "taken_by" varchar(255) not null, "token_id" int null);`);
    this.addSql(`create index "workbook_snapshot_workbook_index" on "workbook_snapshot" ("workbook");`);

    this.addSql(`create table "snapshot_binding" ("id" serial primary key, "snapshot_id" int not null, "binding" varchar(64) not null, "title" varchar(255) null, "query" text not null, "variables" text not null, "query_hash" varchar(64) not null, "data" text not null, "measures" text not null);`);
    this.addSql(`create index "snapshot_binding_snapshot_id_index" on "snapshot_binding" ("snapshot_id");`);

    this.addSql(`alter table "parameter_set" add constraint "parameter_set_shared_with_id_foreign" foreign key ("shared_with_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "workbook_binding" add constraint "workbook_binding_workbook_id_foreign" foreign key ("workbook_id") references "workbook" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "workbook_binding" add constraint "workbook_binding_document_hash_foreign" foreign key ("document_hash") references "query_document" ("hash") on update cascade;`);

    this.addSql(`alter table "snapshot_binding" add constraint "snapshot_binding_snapshot_id_foreign" foreign key ("snapshot_id") references "workbook_snapshot" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "workbook_binding" drop constraint "workbook_binding_document_hash_foreign";`);

    this.addSql(`alter table "workbook_binding" drop constraint "workbook_binding_workbook_id_foreign";`);

    this.addSql(`alter table "snapshot_binding" drop constraint "snapshot_binding_snapshot_id_foreign";`);

    this.addSql(`drop table if exists "parameter_set" cascade;`);

    this.addSql(`drop table if exists "query_document" cascade;`);

    this.addSql(`drop table if exists "report_version" cascade;`);

    this.addSql(`drop table if exists "workbook" cascade;`);

    this.addSql(`drop table if exists "workbook_binding" cascade;`);

    this.addSql(`drop table if exists "workbook_snapshot" cascade;`);

    this.addSql(`drop table if exists "snapshot_binding" cascade;`);
  }

}
