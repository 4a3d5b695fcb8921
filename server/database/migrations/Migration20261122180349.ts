import { Migration } from '@mikro-orm/migrations';

export class Migration20261122180349 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`crime_category\` (\`id\` integer not null primary key autoincrement, \`code\` text not null, \`description\` text not null, \`banding\` text not null, \`crime_group\` text not null, \`priority\` integer not null, \`source\` text null);`);
    this.addSql(`create unique index \`crime_category_code_unique\` on \`crime_category\` (\`code\`);`);

    this.addSql(`create table \`nominal\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`reference\` text not null, \`gender\` text check (\`gender\` in ('MALE', 'FEMALE', 'OTHER', 'NOT_KNOWN')) not null, \`age_band\` text not null, \`ethnicity\` text not null, \`local_authority\` text null, \`hub_id\` integer null, \`statutory_status\` text check (\`statutory_status\` in ('NPS', 'CRC', 'NON_STATUTORY')) not null, \`needs\` json not null, \`domestic_abuse_perpetrator\` integer not null default false, \`registered_sex_offender\` integer not null default false, constraint \`nominal_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`nominal_hub_id_foreign\` foreign key(\`hub_id\`) references \`hub\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`nominal_partnership_id_index\` on \`nominal\` (\`partnership_id\`);`);
    this.addSql(`create index \`nominal_hub_id_index\` on \`nominal\` (\`hub_id\`);`);
    this.addSql(`create unique index \`nominal_partnership_id_reference_unique\` on \`nominal\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`create table \`offence\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`nominal_id\` integer not null, \`category_id\` integer not null, \`offence_date\` text not null, \`outcome\` text check (\`outcome\` in ('CONVICTION', 'CAUTION')) not null, \`outcome_date\` text not null, constraint \`offence_nominal_id_foreign\` foreign key(\`nominal_id\`) references \`nominal\`(\`id\`) on delete cascade on update cascade, constraint \`offence_category_id_foreign\` foreign key(\`category_id\`) references \`crime_category\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`offence_nominal_id_index\` on \`offence\` (\`nominal_id\`);`);
    this.addSql(`create index \`offence_category_id_index\` on \`offence\` (\`category_id\`);`);
    this.addSql(`create index \`offence_offence_date_index\` on \`offence\` (\`offence_date\`);`);

    this.addSql(`create table \`nominal_identity\` (\`id\` integer not null primary key autoincrement, \`nominal_id\` integer not null, \`name\` text not null, \`date_of_birth\` text null, \`pnc_id\` text null, constraint \`nominal_identity_nominal_id_foreign\` foreign key(\`nominal_id\`) references \`nominal\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create unique index \`nominal_identity_nominal_id_unique\` on \`nominal_identity\` (\`nominal_id\`);`);

    this.addSql(`create table \`partnership_scope_rule\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`rule\` text not null, constraint \`partnership_scope_rule_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`partnership_scope_rule_partnership_id_index\` on \`partnership_scope_rule\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`partnership_scope_rule_partnership_id_rule_unique\` on \`partnership_scope_rule\` (\`partnership_id\`, \`rule\`);`);

    this.addSql(`create table \`published_cost_of_crime\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`group\` text not null, \`before_pence\` integer null, \`during_pence\` integer null, \`after_pence\` integer null, \`note\` text null, \`source\` text not null, constraint \`published_cost_of_crime_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`published_cost_of_crime_partnership_id_index\` on \`published_cost_of_crime\` (\`partnership_id\`);`);

    this.addSql(`create table \`published_priority_crime_rate\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`month\` text not null, \`pre_rate_hundredths\` integer not null, \`live_rate_hundredths\` integer not null, \`percent_change\` integer not null, \`source\` text not null, constraint \`published_priority_crime_rate_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`published_priority_crime_rate_partnership_id_index\` on \`published_priority_crime_rate\` (\`partnership_id\`);`);

    this.addSql(`create table \`published_reoffending\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`force\` text not null, \`local_authority\` text null, \`cohort_size\` integer not null, \`actual_rate_hundredths\` integer not null, \`predicted_rate_hundredths\` integer not null, \`difference_percent_hundredths\` integer not null, \`published_rank_by_difference\` integer null, \`published_rank_by_actual\` integer null, \`note\` text null, \`source\` text not null, constraint \`published_reoffending_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`published_reoffending_partnership_id_index\` on \`published_reoffending\` (\`partnership_id\`);`);

    this.addSql(`create table \`referral\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`nominal_id\` integer not null, \`agency_id\` integer not null, \`referral_date\` text not null, \`matrix_score\` integer null, \`orgs_score\` integer null, \`index_offence_id\` integer null, \`panel_date\` text null, \`decision\` text check (\`decision\` in ('PENDING', 'ACCEPTED', 'DECLINED')) not null default 'PENDING', \`decision_note\` text null, constraint \`referral_nominal_id_foreign\` foreign key(\`nominal_id\`) references \`nominal\`(\`id\`) on delete cascade on update cascade, constraint \`referral_agency_id_foreign\` foreign key(\`agency_id\`) references \`agency\`(\`id\`) on update cascade, constraint \`referral_index_offence_id_foreign\` foreign key(\`index_offence_id\`) references \`crime_category\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`referral_nominal_id_index\` on \`referral\` (\`nominal_id\`);`);
    this.addSql(`create index \`referral_agency_id_index\` on \`referral\` (\`agency_id\`);`);
    this.addSql(`create index \`referral_index_offence_id_index\` on \`referral\` (\`index_offence_id\`);`);

    this.addSql(`create table \`membership\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`nominal_id\` integer not null, \`referral_id\` integer null, \`start_date\` text not null, \`end_date\` text null, \`deselection_reason\` text check (\`deselection_reason\` in ('OFFENCE_FREE_YEAR', 'MOVED_OUT_OF_AREA', 'ACCEPTED_BY_MAPPA', 'HOSPITAL_ORDER', 'DEPORTED', 'DIED', 'OTHER')) null, \`deselection_note\` text null, constraint \`membership_nominal_id_foreign\` foreign key(\`nominal_id\`) references \`nominal\`(\`id\`) on delete cascade on update cascade, constraint \`membership_referral_id_foreign\` foreign key(\`referral_id\`) references \`referral\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`membership_nominal_id_index\` on \`membership\` (\`nominal_id\`);`);
    this.addSql(`create index \`membership_referral_id_index\` on \`membership\` (\`referral_id\`);`);
    this.addSql(`create index \`membership_start_date_index\` on \`membership\` (\`start_date\`);`);
    this.addSql(`create index \`membership_end_date_index\` on \`membership\` (\`end_date\`);`);

    this.addSql(`create table \`status_review\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`membership_id\` integer not null, \`review_date\` text not null, \`status\` text check (\`status\` in ('RED', 'AMBER', 'GREEN', 'IN_PRISON')) not null, \`note\` text null, constraint \`status_review_membership_id_foreign\` foreign key(\`membership_id\`) references \`membership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`status_review_membership_id_index\` on \`status_review\` (\`membership_id\`);`);
    this.addSql(`create index \`status_review_review_date_index\` on \`status_review\` (\`review_date\`);`);

    this.addSql(`create table \`unit_cost_of_crime\` (\`id\` integer not null primary key autoincrement, \`table_version\` text not null, \`banding\` text not null, \`cost_pence\` integer not null, \`source\` text not null);`);
    this.addSql(`create unique index \`unit_cost_of_crime_table_version_banding_unique\` on \`unit_cost_of_crime\` (\`table_version\`, \`banding\`);`);

  }

}
