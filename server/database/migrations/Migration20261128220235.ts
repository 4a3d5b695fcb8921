import { Migration } from '@mikro-orm/migrations';

export class Migration20261128220235 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`cost_share_version\` (\`id\` integer not null primary key autoincrement, \`agreement_id\` integer not null, \`partnership_id\` integer not null, \`year_label\` text not null, \`number\` integer not null, \`basis\` text check (\`basis\` in ('FIXED_PERCENTAGES', 'PRO_RATA_COHORT', 'PRO_RATA_FTE_HOSTED', 'PRO_RATA_POPULATION')) not null, \`total_pence\` integer not null, \`total_complete\` integer not null, \`shares\` json not null, \`agreed_at\` datetime not null, \`agreed_by\` text not null, \`agreed_by_token_id\` integer null, \`note\` text null, \`notes\` text null, \`source\` text null, constraint \`cost_share_version_agreement_id_foreign\` foreign key(\`agreement_id\`) references \`cost_share_agreement\`(\`id\`) on delete cascade on update cascade, constraint \`cost_share_version_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`cost_share_version_year_label_foreign\` foreign key(\`year_label\`) references \`financial_year\`(\`label\`) on update cascade);`);
    this.addSql(`create index \`cost_share_version_agreement_id_index\` on \`cost_share_version\` (\`agreement_id\`);`);
    this.addSql(`create index \`cost_share_version_partnership_id_index\` on \`cost_share_version\` (\`partnership_id\`);`);
    this.addSql(`create index \`cost_share_version_year_label_index\` on \`cost_share_version\` (\`year_label\`);`);
    this.addSql(`create unique index \`cost_share_version_agreement_id_number_unique\` on \`cost_share_version\` (\`agreement_id\`, \`number\`);`);

    this.addSql(`alter table \`cost_share_agreement\` add column \`plan_version\` integer not null default 1;`);

    // An agreed version is frozen, whatever the client: the database itself refuses to change one.
    this.addSql(`create trigger \`cost_share_version_no_update\` before update on \`cost_share_version\` begin select raise(abort, 'an agreed cost-share version cannot be changed'); end;`);
  }

}
