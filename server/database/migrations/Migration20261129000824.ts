import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000824 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`crime_classification\` (\`id\` integer not null primary key autoincrement, \`version\` text not null, \`title\` text not null, \`source\` text not null, \`note\` text null);`);
    this.addSql(`create unique index \`crime_classification_version_unique\` on \`crime_classification\` (\`version\`);`);

    this.addSql(`create table \`cohort_capacity\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`capacity\` integer not null, \`from_date\` text not null, \`source\` text null, constraint \`cohort_capacity_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`cohort_capacity_partnership_id_index\` on \`cohort_capacity\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`cohort_capacity_partnership_id_from_date_unique\` on \`cohort_capacity\` (\`partnership_id\`, \`from_date\`);`);

    this.addSql(`create table \`review_cadence\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`status\` text check (\`status\` in ('RED', 'AMBER', 'GREEN', 'IN_PRISON')) not null, \`every_days\` integer not null, \`source\` text null, constraint \`review_cadence_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`review_cadence_partnership_id_index\` on \`review_cadence\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`review_cadence_partnership_id_status_unique\` on \`review_cadence\` (\`partnership_id\`, \`status\`);`);

    this.addSql(`create table \`scoring_matrix\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`threshold\` integer not null, \`factors\` json not null, \`source\` text null, constraint \`scoring_matrix_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`scoring_matrix_partnership_id_index\` on \`scoring_matrix\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`scoring_matrix_partnership_id_unique\` on \`scoring_matrix\` (\`partnership_id\`);`);

    this.addSql(`alter table \`crime_category\` add column \`offence_group\` text null;`);
    this.addSql(`alter table \`crime_category\` add column \`classification\` text null;`);

    this.addSql(`alter table \`non_pay_line\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`non_pay_line_partnership_id_reference_unique\` on \`non_pay_line\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`alter table \`nominal\` add column \`mappa_level\` integer null;`);

    this.addSql(`alter table \`cohort_target\` add column \`phases\` json null;`);

    this.addSql(`alter table \`appraisal_option\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`appraisal_option_partnership_id_reference_unique\` on \`appraisal_option\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`alter table \`published_cost_of_crime\` add column \`period\` text null;`);
    this.addSql(`alter table \`published_cost_of_crime\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`published_cost_of_crime_partnership_id_reference_unique\` on \`published_cost_of_crime\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`alter table \`published_priority_crime_rate\` add column \`area\` text null;`);
    this.addSql(`alter table \`published_priority_crime_rate\` add column \`method\` text null;`);
    this.addSql(`alter table \`published_priority_crime_rate\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`published_priority_crime_rate_partnership_id_reference_unique\` on \`published_priority_crime_rate\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`alter table \`published_reoffending\` add column \`period\` text null;`);

    this.addSql(`alter table \`referral\` add column \`matrix_factors\` json null;`);
    this.addSql(`alter table \`referral\` add column \`matrix_threshold\` integer null;`);
    this.addSql(`alter table \`referral\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`referral_nominal_id_reference_unique\` on \`referral\` (\`nominal_id\`, \`reference\`);`);

    this.addSql(`alter table \`membership\` add column \`relevant_banding\` text null;`);

    // Keys for imports on rows recorded before: an option by programme and number, a published row by what it covers.
    this.addSql(`update \`appraisal_option\` set \`reference\` = \`programme\` || '#' || \`option\` where \`reference\` is null;`);
    this.addSql(`update \`published_priority_crime_rate\` set \`reference\` = '//' || \`month\` where \`reference\` is null;`);
    this.addSql(`update \`published_cost_of_crime\` set \`reference\` = '/' || \`group\` where \`reference\` is null;`);
  }

}
