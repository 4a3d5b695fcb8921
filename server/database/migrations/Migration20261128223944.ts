import { Migration } from '@mikro-orm/migrations';

export class Migration20261128223944 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`medium_term_plan_variant\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`name\` text not null, \`from_year\` text not null, \`years\` integer not null, \`assumptions\` json not null, \`notes\` text null, \`saved_by\` text not null, constraint \`medium_term_plan_variant_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`medium_term_plan_variant_partnership_id_index\` on \`medium_term_plan_variant\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`medium_term_plan_variant_partnership_id_name_unique\` on \`medium_term_plan_variant\` (\`partnership_id\`, \`name\`);`);
  }

}
