import { Migration } from '@mikro-orm/migrations';

export class Migration20261129002249 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`parameter_set\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`report\` text not null, \`name\` text not null, \`variables\` text not null, \`owner_token_id\` integer null, \`owner_label\` text not null, \`shared_with_id\` integer null, constraint \`parameter_set_shared_with_id_foreign\` foreign key(\`shared_with_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`parameter_set_shared_with_id_index\` on \`parameter_set\` (\`shared_with_id\`);`);

    this.addSql(`create table \`query_document\` (\`hash\` text not null, \`text\` text not null, \`first_seen_at\` datetime not null, primary key (\`hash\`));`);

    this.addSql(`create table \`report_version\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`version\` integer not null, \`title\` text not null, \`description\` text not null, \`query\` text not null, \`example_variables\` text not null, \`document_hash\` text not null, \`owner_token_id\` integer null, \`owner_label\` text not null, \`shared_with\` json not null, \`published_at\` datetime not null);`);
    this.addSql(`create index \`report_version_document_hash_index\` on \`report_version\` (\`document_hash\`);`);
    this.addSql(`create unique index \`report_version_name_version_unique\` on \`report_version\` (\`name\`, \`version\`);`);

    this.addSql(`create table \`workbook\` (\`id\` text not null, \`title\` text null, \`first_seen_at\` datetime not null, \`last_refreshed_at\` datetime not null, \`last_refreshed_by\` text not null, primary key (\`id\`));`);

    this.addSql(`create table \`workbook_binding\` (\`id\` integer not null primary key autoincrement, \`workbook_id\` text not null, \`binding\` text not null, \`report_name\` text null, \`report_version\` integer null, \`document_hash\` text not null, \`last_refreshed_at\` datetime not null, \`last_refreshed_by\` text not null, constraint \`workbook_binding_workbook_id_foreign\` foreign key(\`workbook_id\`) references \`workbook\`(\`id\`) on delete cascade on update cascade, constraint \`workbook_binding_document_hash_foreign\` foreign key(\`document_hash\`) references \`query_document\`(\`hash\`) on update cascade);`);
    this.addSql(`create index \`workbook_binding_workbook_id_index\` on \`workbook_binding\` (\`workbook_id\`);`);
    this.addSql(`create index \`workbook_binding_report_name_index\` on \`workbook_binding\` (\`report_name\`);`);
    this.addSql(`create index \`workbook_binding_document_hash_index\` on \`workbook_binding\` (\`document_hash\`);`);
    this.addSql(`create unique index \`workbook_binding_workbook_id_binding_unique\` on \`workbook_binding\` (\`workbook_id\`, \`binding\`);`);

    this.addSql(`create table \`workbook_snapshot\` (\`id\` integer not null primary key autoincrement, \`workbook\` text not null, \`title\` text null, \`taken_at\` datetime not null, \`taken_by\` text not null, \`token_id\` integer null);`);
    this.addSql(`create index \`workbook_snapshot_workbook_index\` on \`workbook_snapshot\` (\`workbook\`);`);

    this.addSql(`create table \`snapshot_binding\` (\`id\` integer not null primary key autoincrement, \`snapshot_id\` integer not null, \`binding\` text not null, \`title\` text null, \`query\` text not null, \`variables\` text not null, \`query_hash\` text not null, \`data\` text not null, \`measures\` text not null, constraint \`snapshot_binding_snapshot_id_foreign\` foreign key(\`snapshot_id\`) references \`workbook_snapshot\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`snapshot_binding_snapshot_id_index\` on \`snapshot_binding\` (\`snapshot_id\`);`);
  }

}
