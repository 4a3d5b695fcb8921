import { Migration } from '@mikro-orm/migrations';

export class Migration20261122175125 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`financial_year\` (\`label\` text not null, \`start_date\` text not null, \`end_date\` text not null, primary key (\`label\`));`);

    this.addSql(`create table \`hub_meta\` (\`key\` text not null, \`value\` text not null, primary key (\`key\`));`);

    this.addSql(`create table \`partnership\` (\`id\` integer not null primary key autoincrement, \`code\` text not null, \`name\` text not null, \`region\` text null, \`governance_board\` text null, \`source\` text null);`);
    this.addSql(`create unique index \`partnership_code_unique\` on \`partnership\` (\`code\`);`);

    this.addSql(`create table \`non_pay_line\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`year_label\` text not null, \`category\` text check (\`category\` in ('VEHICLES', 'TRACKING_DEVICES', 'CASE_MANAGEMENT_LICENCES', 'PREMISES', 'DRUG_TESTING', 'OPERATIONAL_FUND', 'OTHER')) not null, \`description\` text not null, \`quantity\` integer null, \`unit_cost_pence\` integer null, \`amount_pence\` integer not null, \`notes\` text null, \`source\` text null, constraint \`non_pay_line_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`non_pay_line_year_label_foreign\` foreign key(\`year_label\`) references \`financial_year\`(\`label\`) on update cascade);`);
    this.addSql(`create index \`non_pay_line_partnership_id_index\` on \`non_pay_line\` (\`partnership_id\`);`);
    this.addSql(`create index \`non_pay_line_year_label_index\` on \`non_pay_line\` (\`year_label\`);`);

    this.addSql(`create table \`hub\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`name\` text not null, constraint \`hub_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`hub_partnership_id_index\` on \`hub\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`hub_partnership_id_name_unique\` on \`hub\` (\`partnership_id\`, \`name\`);`);

    this.addSql(`create table \`funding_stream\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`funder\` text not null, \`purpose\` text not null, \`amount_agreed_pence\` integer null, \`amount_expected_pence\` integer null, \`from_year_label\` text not null, \`to_year_label\` text not null, \`end_date\` text null, \`certainty\` text check (\`certainty\` in ('CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING', 'UNIDENTIFIED')) not null, \`notes\` text null, \`source\` text null, constraint \`funding_stream_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`funding_stream_from_year_label_foreign\` foreign key(\`from_year_label\`) references \`financial_year\`(\`label\`) on update cascade, constraint \`funding_stream_to_year_label_foreign\` foreign key(\`to_year_label\`) references \`financial_year\`(\`label\`) on update cascade);`);
    this.addSql(`create index \`funding_stream_partnership_id_index\` on \`funding_stream\` (\`partnership_id\`);`);
    this.addSql(`create index \`funding_stream_from_year_label_index\` on \`funding_stream\` (\`from_year_label\`);`);
    this.addSql(`create index \`funding_stream_to_year_label_index\` on \`funding_stream\` (\`to_year_label\`);`);

    this.addSql(`create table \`funding_risk\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`year_label\` text not null, \`title\` text not null, \`description\` text null, \`exposure_pence\` integer null, \`certainty\` text check (\`certainty\` in ('CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING', 'UNIDENTIFIED')) not null, \`likelihood\` text check (\`likelihood\` in ('LOW', 'MEDIUM', 'HIGH')) null, \`owner\` text null, \`mitigation\` text null, \`source\` text null, constraint \`funding_risk_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`funding_risk_year_label_foreign\` foreign key(\`year_label\`) references \`financial_year\`(\`label\`) on update cascade);`);
    this.addSql(`create index \`funding_risk_partnership_id_index\` on \`funding_risk\` (\`partnership_id\`);`);
    this.addSql(`create index \`funding_risk_year_label_index\` on \`funding_risk\` (\`year_label\`);`);

    this.addSql(`create table \`cost_share_agreement\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`year_label\` text not null, \`basis\` text check (\`basis\` in ('FIXED_PERCENTAGES', 'PRO_RATA_COHORT', 'PRO_RATA_FTE_HOSTED', 'PRO_RATA_POPULATION')) not null, \`status\` text check (\`status\` in ('DRAFT', 'AGREED')) not null default 'DRAFT', \`agreed_at\` datetime null, \`notes\` text null, \`source\` text null, constraint \`cost_share_agreement_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`cost_share_agreement_year_label_foreign\` foreign key(\`year_label\`) references \`financial_year\`(\`label\`) on update cascade);`);
    this.addSql(`create index \`cost_share_agreement_partnership_id_index\` on \`cost_share_agreement\` (\`partnership_id\`);`);
    this.addSql(`create index \`cost_share_agreement_year_label_index\` on \`cost_share_agreement\` (\`year_label\`);`);
    this.addSql(`create unique index \`cost_share_agreement_partnership_id_year_label_unique\` on \`cost_share_agreement\` (\`partnership_id\`, \`year_label\`);`);

    this.addSql(`create table \`cohort_target\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`baseline\` integer not null, \`baseline_date\` text not null, \`target\` integer not null, \`target_date\` text not null, \`notes\` text null, \`source\` text null, constraint \`cohort_target_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`cohort_target_partnership_id_index\` on \`cohort_target\` (\`partnership_id\`);`);

    this.addSql(`create table \`appraisal_option\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`programme\` text not null, \`option\` integer not null, \`title\` text not null, \`description\` text null, \`cost_pence\` integer null, \`saving_pence\` integer null, \`saving_percent_hundredths\` integer null, \`status\` text check (\`status\` in ('PREFERRED', 'DISCOUNTED', 'UNDER_CONSIDERATION')) not null, \`reason\` text null, \`notes\` text null, \`source\` text null, constraint \`appraisal_option_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`appraisal_option_partnership_id_index\` on \`appraisal_option\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`appraisal_option_partnership_id_programme_option_unique\` on \`appraisal_option\` (\`partnership_id\`, \`programme\`, \`option\`);`);

    this.addSql(`create table \`agency\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`code\` text not null, \`name\` text not null, \`kind\` text check (\`kind\` in ('POLICE', 'NPS', 'CRC', 'PROBATION_TRUST', 'LOCAL_AUTHORITY', 'COMMUNITY_SAFETY_PARTNERSHIP', 'OPCC', 'HEALTH', 'DRUG_AND_ALCOHOL', 'HOUSING', 'VOLUNTARY', 'PRISON', 'YOT', 'OTHER')) not null, constraint \`agency_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`agency_partnership_id_index\` on \`agency\` (\`partnership_id\`);`);
    this.addSql(`create unique index \`agency_partnership_id_code_unique\` on \`agency\` (\`partnership_id\`, \`code\`);`);

    this.addSql(`create table \`establishment_line\` (\`id\` integer not null primary key autoincrement, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`partnership_id\` integer not null, \`year_label\` text not null, \`position\` integer not null, \`grade\` text not null, \`kind\` text check (\`kind\` in ('POST', 'ALLOWANCES', 'OVERTIME')) not null, \`employing_agency_id\` integer null, \`fte_hundredths\` integer not null, \`budget_pence\` integer null, \`on_cost_basis_points\` integer null, \`abatement_basis_points\` integer null, \`budget_basis\` text null, \`notes\` text null, \`source\` text null, constraint \`establishment_line_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`establishment_line_year_label_foreign\` foreign key(\`year_label\`) references \`financial_year\`(\`label\`) on update cascade, constraint \`establishment_line_employing_agency_id_foreign\` foreign key(\`employing_agency_id\`) references \`agency\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`establishment_line_partnership_id_index\` on \`establishment_line\` (\`partnership_id\`);`);
    this.addSql(`create index \`establishment_line_year_label_index\` on \`establishment_line\` (\`year_label\`);`);
    this.addSql(`create index \`establishment_line_employing_agency_id_index\` on \`establishment_line\` (\`employing_agency_id\`);`);

    this.addSql(`create table \`cost_share_entry\` (\`id\` integer not null primary key autoincrement, \`agreement_id\` integer not null, \`agency_id\` integer not null, \`position\` integer not null, \`weight\` integer not null, constraint \`cost_share_entry_agreement_id_foreign\` foreign key(\`agreement_id\`) references \`cost_share_agreement\`(\`id\`) on delete cascade on update cascade, constraint \`cost_share_entry_agency_id_foreign\` foreign key(\`agency_id\`) references \`agency\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`cost_share_entry_agreement_id_index\` on \`cost_share_entry\` (\`agreement_id\`);`);
    this.addSql(`create index \`cost_share_entry_agency_id_index\` on \`cost_share_entry\` (\`agency_id\`);`);
    this.addSql(`create unique index \`cost_share_entry_agreement_id_agency_id_unique\` on \`cost_share_entry\` (\`agreement_id\`, \`agency_id\`);`);

    this.addSql(`create table \`saved_scenario\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`year_label\` text not null, \`name\` text not null, \`input\` json not null, \`cohort_target\` integer not null, \`total_fte_hundredths\` integer not null, \`planned_cost_pence\` integer not null, \`funding_gap_pence\` integer not null, \`saved_at\` datetime not null, constraint \`saved_scenario_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade, constraint \`saved_scenario_year_label_foreign\` foreign key(\`year_label\`) references \`financial_year\`(\`label\`) on update cascade);`);
    this.addSql(`create index \`saved_scenario_partnership_id_index\` on \`saved_scenario\` (\`partnership_id\`);`);
    this.addSql(`create index \`saved_scenario_year_label_index\` on \`saved_scenario\` (\`year_label\`);`);

    this.addSql(`create table \`staffing_ratio\` (\`id\` integer not null primary key autoincrement, \`partnership_id\` integer not null, \`caseload\` text null, \`grade\` text not null, \`fte_hundredths\` integer not null, \`per_nominals\` integer not null, \`source\` text null, constraint \`staffing_ratio_partnership_id_foreign\` foreign key(\`partnership_id\`) references \`partnership\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`staffing_ratio_partnership_id_index\` on \`staffing_ratio\` (\`partnership_id\`);`);
  }

}
