import { Migration } from '@mikro-orm/migrations';

export class Migration20261122200139 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "access_token" ("id" serial primary key, "hash" varchar(255) not null, "role" text check ("role" in ('ADMIN', 'FINANCE', 'ANALYST', 'CASE_MANAGER', 'BOARD')) not null, "partnership_codes" text not null, "label" varchar(255) not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "access_token" add constraint "access_token_hash_unique" unique ("hash");`);

    this.addSql(`create table "audit_entry" ("id" serial primary key, "at" timestamptz not null, "token_id" int null, "role" varchar(255) not null, "operation" varchar(255) not null, "entity" varchar(255) not null, "entity_id" varchar(255) null, "action" varchar(255) not null, "before" text null, "after" text null, "nominals" int null);`);
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);

    // The audit log is append-only, whatever the client: the database itself refuses changes.
    this.addSql(`create function "audit_entry_refuse_change"() returns trigger language plpgsql as $$ begin raise exception 'the audit log cannot be changed'; end; $$;`);
    this.addSql(`create trigger "audit_entry_no_update" before update on "audit_entry" for each row execute function "audit_entry_refuse_change"();`);
    this.addSql(`create trigger "audit_entry_no_delete" before delete on "audit_entry" for each row execute function "audit_entry_refuse_change"();`);
    this.addSql(`create trigger "audit_entry_no_truncate" before truncate on "audit_entry" for each statement execute function "audit_entry_refuse_change"();`);

    this.addSql(`create table "crime_category" ("id" serial primary key, "code" varchar(255) not null, "description" varchar(255) not null, "banding" varchar(255) not null, "crime_group" varchar(255) not null, "priority" boolean not null, "source" text null);`);
    this.addSql(`alter table "crime_category" add constraint "crime_category_code_unique" unique ("code");`);

    this.addSql(`create table "financial_year" ("label" varchar(255) not null, "start_date" varchar(255) not null, "end_date" varchar(255) not null, constraint "financial_year_pkey" primary key ("label"));`);

    this.addSql(`create table "hub_meta" ("key" varchar(255) not null, "value" text not null, constraint "hub_meta_pkey" primary key ("key"));`);

    this.addSql(`create table "partnership" ("id" serial primary key, "code" varchar(255) not null, "name" varchar(255) not null, "region" varchar(255) null, "governance_board" varchar(255) null, "source" text null);`);
    this.addSql(`alter table "partnership" add constraint "partnership_code_unique" unique ("code");`);

    this.addSql(`create table "non_pay_line" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "year_label" varchar(255) not null, "category" text check ("category" in ('VEHICLES', 'TRACKING_DEVICES', 'CASE_MANAGEMENT_LICENCES', 'PREMISES', 'DRUG_TESTING', 'OPERATIONAL_FUND', 'OTHER')) not null, "description" varchar(255) not null, "quantity" int null, "unit_cost_pence" int null, "amount_pence" int not null, "notes" text null, "source" text null);`);
    this.addSql(`create index "non_pay_line_partnership_id_index" on "non_pay_line" ("partnership_id");`);
    this.addSql(`create index "non_pay_line_year_label_index" on "non_pay_line" ("year_label");`);

    this.addSql(`create table "hub" ("id" serial primary key, "partnership_id" int not null, "name" varchar(255) not null);`);
    this.addSql(`create index "hub_partnership_id_index" on "hub" ("partnership_id");`);
    this.addSql(`alter table "hub" add constraint "hub_partnership_id_name_unique" unique ("partnership_id", "name");`);

    this.addSql(`create table "nominal" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "reference" varchar(255) not null, "gender" text check ("gender" in ('MALE', 'FEMALE', 'OTHER', 'NOT_KNOWN')) not null, "age_band" varchar(255) not null, "ethnicity" varchar(255) not null, "local_authority" varchar(255) null, "hub_id" int null, "statutory_status" text check ("statutory_status" in ('NPS', 'CRC', 'NON_STATUTORY')) not null, "needs" jsonb not null, "domestic_abuse_perpetrator" boolean not null default false, "registered_sex_offender" boolean not null default false);`);
    this.addSql(`create index "nominal_partnership_id_index" on "nominal" ("partnership_id");`);
    this.addSql(`create index "nominal_hub_id_index" on "nominal" ("hub_id");`);
    this.addSql(`alter table "nominal" add constraint "nominal_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`create table "offence" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "nominal_id" int not null, "category_id" int not null, "offence_date" varchar(255) not null, "outcome" text check ("outcome" in ('CONVICTION', 'CAUTION')) not null, "outcome_date" varchar(255) not null);`);
    this.addSql(`create index "offence_nominal_id_index" on "offence" ("nominal_id");`);
    this.addSql(`create index "offence_category_id_index" on "offence" ("category_id");`);
    this.addSql(`create index "offence_offence_date_index" on "offence" ("offence_date");`);

    this.addSql(`create table "nominal_identity" ("id" serial primary key, "nominal_id" int not null, "name" varchar(255) not null, "date_of_birth" varchar(255) null, "pnc_id" varchar(255) null);`);
    this.addSql(`alter table "nominal_identity" add constraint "nominal_identity_nominal_id_unique" unique ("nominal_id");`);

    this.addSql(`create table "funding_stream" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "funder" varchar(255) not null, "purpose" varchar(255) not null, "amount_agreed_pence" int null, "amount_expected_pence" int null, "from_year_label" varchar(255) not null, "to_year_label" varchar(255) not null, "end_date" varchar(255) null, "certainty" text check ("certainty" in ('CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING', 'UNIDENTIFIED')) not null, "notes" text null, "source" text null);`);
    this.addSql(`create index "funding_stream_partnership_id_index" on "funding_stream" ("partnership_id");`);
    this.addSql(`create index "funding_stream_from_year_label_index" on "funding_stream" ("from_year_label");`);
    this.addSql(`create index "funding_stream_to_year_label_index" on "funding_stream" ("to_year_label");`);

    this.addSql(`create table "funding_risk" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "year_label" varchar(255) not null, "title" varchar(255) not null, "description" text null, "exposure_pence" int null, "certainty" text check ("certainty" in ('CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING', 'UNIDENTIFIED')) not null, "likelihood" text check ("likelihood" in ('LOW', 'MEDIUM', 'HIGH')) null, "owner" varchar(255) null, "mitigation" text null, "source" text null);`);
    this.addSql(`create index "funding_risk_partnership_id_index" on "funding_risk" ("partnership_id");`);
    this.addSql(`create index "funding_risk_year_label_index" on "funding_risk" ("year_label");`);

    this.addSql(`create table "cost_share_agreement" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "year_label" varchar(255) not null, "basis" text check ("basis" in ('FIXED_PERCENTAGES', 'PRO_RATA_COHORT', 'PRO_RATA_FTE_HOSTED', 'PRO_RATA_POPULATION')) not null, "status" text check ("status" in ('DRAFT', 'AGREED')) not null default 'DRAFT', "agreed_at" timestamptz null, "notes" text null, "source" text null);`);
    this.addSql(`create index "cost_share_agreement_partnership_id_index" on "cost_share_agreement" ("partnership_id");`);
    this.addSql(`create index "cost_share_agreement_year_label_index" on "cost_share_agreement" ("year_label");`);
    this.addSql(`alter table "cost_share_agreement" add constraint "cost_share_agreement_partnership_id_year_label_unique" unique ("partnership_id", "year_label");`);

    this.addSql(`create table "cohort_target" ("id" serial primary key, "partnership_id" int not null, "baseline" int not null, "baseline_date" varchar(255) not null, "target" int not null, "target_date" varchar(255) not null, "notes" text null, "source" text null);`);
    this.addSql(`create index "cohort_target_partnership_id_index" on "cohort_target" ("partnership_id");`);

    this.addSql(`create table "appraisal_option" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "programme" varchar(255) not null, "option" int not null, "title" varchar(255) not null, "description" text null, "cost_pence" int null, "saving_pence" int null, "saving_percent_hundredths" int null, "status" text check ("status" in ('PREFERRED', 'DISCOUNTED', 'UNDER_CONSIDERATION')) not null, "reason" text null, "notes" text null, "source" text null);`);
    this.addSql(`create index "appraisal_option_partnership_id_index" on "appraisal_option" ("partnership_id");`);
    this.addSql(`alter table "appraisal_option" add constraint "appraisal_option_partnership_id_programme_option_unique" unique ("partnership_id", "programme", "option");`);

    this.addSql(`create table "agency" ("id" serial primary key, "partnership_id" int not null, "code" varchar(255) not null, "name" varchar(255) not null, "kind" text check ("kind" in ('POLICE', 'NPS', 'CRC', 'PROBATION_TRUST', 'LOCAL_AUTHORITY', 'COMMUNITY_SAFETY_PARTNERSHIP', 'OPCC', 'HEALTH', 'DRUG_AND_ALCOHOL', 'HOUSING', 'VOLUNTARY', 'PRISON', 'YOT', 'OTHER')) not null);`);
    this.addSql(`create index "agency_partnership_id_index" on "agency" ("partnership_id");`);
    this.addSql(`alter table "agency" add constraint "agency_partnership_id_code_unique" unique ("partnership_id", "code");`);

    this.addSql(`create table "establishment_line" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "year_label" varchar(255) not null, "position" int not null, "grade" varchar(255) not null, "kind" text check ("kind" in ('POST', 'ALLOWANCES', 'OVERTIME')) not null, "employing_agency_id" int null, "fte_hundredths" int not null, "budget_pence" int null, "on_cost_basis_points" int null, "abatement_basis_points" int null, "budget_basis" text null, "notes" text null, "source" text null);`);
    this.addSql(`create index "establishment_line_partnership_id_index" on "establishment_line" ("partnership_id");`);
    this.addSql(`create index "establishment_line_year_label_index" on "establishment_line" ("year_label");`);
    this.addSql(`create index "establishment_line_employing_agency_id_index" on "establishment_line" ("employing_agency_id");`);

    this.addSql(`create table "cost_share_entry" ("id" serial primary key, "agreement_id" int not null, "agency_id" int not null, "position" int not null, "weight" int not null);`);
    this.addSql(`create index "cost_share_entry_agreement_id_index" on "cost_share_entry" ("agreement_id");`);
    this.addSql(`create index "cost_share_entry_agency_id_index" on "cost_share_entry" ("agency_id");`);
    this.addSql(`alter table "cost_share_entry" add constraint "cost_share_entry_agreement_id_agency_id_unique" unique ("agreement_id", "agency_id");`);

    this.addSql(`create table "partnership_scope_rule" ("id" serial primary key, "partnership_id" int not null, "rule" varchar(255) not null);`);
    this.addSql(`create index "partnership_scope_rule_partnership_id_index" on "partnership_scope_rule" ("partnership_id");`);
    this.addSql(`alter table "partnership_scope_rule" add constraint "partnership_scope_rule_partnership_id_rule_unique" unique ("partnership_id", "rule");`);

    this.addSql(`create table "published_cost_of_crime" ("id" serial primary key, "partnership_id" int not null, "group" varchar(255) not null, "before_pence" int null, "during_pence" int null, "after_pence" int null, "note" text null, "source" text not null);`);
    this.addSql(`create index "published_cost_of_crime_partnership_id_index" on "published_cost_of_crime" ("partnership_id");`);

    this.addSql(`create table "published_priority_crime_rate" ("id" serial primary key, "partnership_id" int not null, "month" varchar(255) not null, "pre_rate_hundredths" int not null, "live_rate_hundredths" int not null, "percent_change" int not null, "source" text not null);`);
    this.addSql(`create index "published_priority_crime_rate_partnership_id_index" on "published_priority_crime_rate" ("partnership_id");`);

    this.addSql(`create table "published_reoffending" ("id" serial primary key, "partnership_id" int not null, "force" varchar(255) not null, "local_authority" varchar(255) null, "cohort_size" int not null, "actual_rate_hundredths" int not null, "predicted_rate_hundredths" int not null, "difference_percent_hundredths" int not null, "published_rank_by_difference" int null, "published_rank_by_actual" int null, "note" text null, "source" text not null);`);
    this.addSql(`create index "published_reoffending_partnership_id_index" on "published_reoffending" ("partnership_id");`);

    this.addSql(`create table "referral" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "nominal_id" int not null, "agency_id" int not null, "referral_date" varchar(255) not null, "matrix_score" int null, "orgs_score" int null, "index_offence_id" int null, "panel_date" varchar(255) null, "decision" text check ("decision" in ('PENDING', 'ACCEPTED', 'DECLINED')) not null default 'PENDING', "decision_note" text null);`);
    this.addSql(`create index "referral_nominal_id_index" on "referral" ("nominal_id");`);
    this.addSql(`create index "referral_agency_id_index" on "referral" ("agency_id");`);
    this.addSql(`create index "referral_index_offence_id_index" on "referral" ("index_offence_id");`);

    this.addSql(`create table "membership" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "nominal_id" int not null, "referral_id" int null, "start_date" varchar(255) not null, "end_date" varchar(255) null, "deselection_reason" text check ("deselection_reason" in ('OFFENCE_FREE_YEAR', 'MOVED_OUT_OF_AREA', 'ACCEPTED_BY_MAPPA', 'HOSPITAL_ORDER', 'DEPORTED', 'DIED', 'OTHER')) null, "deselection_note" text null);`);
    this.addSql(`create index "membership_nominal_id_index" on "membership" ("nominal_id");`);
    this.addSql(`create index "membership_referral_id_index" on "membership" ("referral_id");`);
    this.addSql(`create index "membership_start_date_index" on "membership" ("start_date");`);
    this.addSql(`create index "membership_end_date_index" on "membership" ("end_date");`);

    this.addSql(`create table "saved_scenario" ("id" serial primary key, "partnership_id" int not null, "year_label" varchar(255) not null, "name" varchar(255) not null, "input" jsonb not null, "cohort_target" int not null, "total_fte_hundredths" int not null, "planned_cost_pence" int not null, "funding_gap_pence" int not null, "saved_at" timestamptz not null);`);
    this.addSql(`create index "saved_scenario_partnership_id_index" on "saved_scenario" ("partnership_id");`);
    this.addSql(`create index "saved_scenario_year_label_index" on "saved_scenario" ("year_label");`);

    this.addSql(`create table "staffing_ratio" ("id" serial primary key, "partnership_id" int not null, "caseload" varchar(255) null, "grade" varchar(255) not null, "fte_hundredths" int not null, "per_nominals" int not null, "source" text null);`);
    this.addSql(`create index "staffing_ratio_partnership_id_index" on "staffing_ratio" ("partnership_id");`);

    this.addSql(`create table "status_review" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "membership_id" int not null, "review_date" varchar(255) not null, "status" text check ("status" in ('RED', 'AMBER', 'GREEN', 'IN_PRISON')) not null, "note" text null);`);
    this.addSql(`create index "status_review_membership_id_index" on "status_review" ("membership_id");`);
    this.addSql(`create index "status_review_review_date_index" on "status_review" ("review_date");`);

    this.addSql(`create table "unit_cost_of_crime" ("id" serial primary key, "table_version" varchar(255) not null, "banding" varchar(255) not null, "cost_pence" int not null, "source" text not null);`);
    this.addSql(`alter table "unit_cost_of_crime" add constraint "unit_cost_of_crime_table_version_banding_unique" unique ("table_version", "banding");`);

    this.addSql(`alter table "non_pay_line" add constraint "non_pay_line_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "non_pay_line" add constraint "non_pay_line_year_label_foreign" foreign key ("year_label") references "financial_year" ("label") on update cascade;`);

    this.addSql(`alter table "hub" add constraint "hub_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "nominal" add constraint "nominal_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "nominal" add constraint "nominal_hub_id_foreign" foreign key ("hub_id") references "hub" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "offence" add constraint "offence_nominal_id_foreign" foreign key ("nominal_id") references "nominal" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "offence" add constraint "offence_category_id_foreign" foreign key ("category_id") references "crime_category" ("id") on update cascade;`);

    this.addSql(`alter table "nominal_identity" add constraint "nominal_identity_nominal_id_foreign" foreign key ("nominal_id") references "nominal" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "funding_stream" add constraint "funding_stream_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "funding_stream" add constraint "funding_stream_from_year_label_foreign" foreign key ("from_year_label") references "financial_year" ("label") on update cascade;`);
    this.addSql(`alter table "funding_stream" add constraint "funding_stream_to_year_label_foreign" foreign key ("to_year_label") references "financial_year" ("label") on update cascade;`);

    this.addSql(`alter table "funding_risk" add constraint "funding_risk_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "funding_risk" add constraint "funding_risk_year_label_foreign" foreign key ("year_label") references "financial_year" ("label") on update cascade;`);

    this.addSql(`alter table "cost_share_agreement" add constraint "cost_share_agreement_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cost_share_agreement" add constraint "cost_share_agreement_year_label_foreign" foreign key ("year_label") references "financial_year" ("label") on update cascade;`);

    this.addSql(`alter table "cohort_target" add constraint "cohort_target_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "appraisal_option" add constraint "appraisal_option_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "agency" add constraint "agency_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "establishment_line" add constraint "establishment_line_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "establishment_line" add constraint "establishment_line_year_label_foreign" foreign key ("year_label") references "financial_year" ("label") on update cascade;`);
    this.addSql(`alter table "establishment_line" add constraint "establishment_line_employing_agency_id_foreign" foreign key ("employing_agency_id") references "agency" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "cost_share_entry" add constraint "cost_share_entry_agreement_id_foreign" foreign key ("agreement_id") references "cost_share_agreement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cost_share_entry" add constraint "cost_share_entry_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "partnership_scope_rule" add constraint "partnership_scope_rule_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "published_cost_of_crime" add constraint "published_cost_of_crime_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "published_priority_crime_rate" add constraint "published_priority_crime_rate_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "published_reoffending" add constraint "published_reoffending_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "referral" add constraint "referral_nominal_id_foreign" foreign key ("nominal_id") references "nominal" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "referral" add constraint "referral_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);
    this.addSql(`alter table "referral" add constraint "referral_index_offence_id_foreign" foreign key ("index_offence_id") references "crime_category" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "membership" add constraint "membership_nominal_id_foreign" foreign key ("nominal_id") references "nominal" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_referral_id_foreign" foreign key ("referral_id") references "referral" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "saved_scenario" add constraint "saved_scenario_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "saved_scenario" add constraint "saved_scenario_year_label_foreign" foreign key ("year_label") references "financial_year" ("label") on update cascade;`);

    this.addSql(`alter table "staffing_ratio" add constraint "staffing_ratio_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "status_review" add constraint "status_review_membership_id_foreign" foreign key ("membership_id") references "membership" ("id") on update cascade on delete cascade;`);
  }

}
