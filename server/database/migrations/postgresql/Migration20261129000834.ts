import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000834 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "crime_classification" ("id" serial primary key, "version" varchar(255) not null, "title" varchar(255) not null, "source" text not null, "note" text null);`);
    this.addSql(`alter table "crime_classification" add constraint "crime_classification_version_unique" unique ("version");`);

    this.addSql(`create table "cohort_capacity" ("id" serial primary key, "partnership_id" int not null, "capacity" int not null, "from_date" varchar(255) not null, "source" text null);`);
    this.addSql(`create index "cohort_capacity_partnership_id_index" on "cohort_capacity" ("partnership_id");`);
    this.addSql(`alter table "cohort_capacity" add constraint "cohort_capacity_partnership_id_from_date_unique" unique ("partnership_id", "from_date");`);

    this.addSql(`create table "review_cadence" ("id" serial primary key, "partnership_id" int not null, "status" text check ("status" in ('RED', 'AMBER', 'GREEN', 'IN_PRISON')) not null, "every_days" int not null, "source" text null);`);
    this.addSql(`create index "review_cadence_partnership_id_index" on "review_cadence" ("partnership_id");`);
    this.addSql(`alter table "review_cadence" add constraint "review_cadence_partnership_id_status_unique" unique ("partnership_id", "status");`);

    this.addSql(`create table "scoring_matrix" ("id" serial primary key, "version" int not null default 1, "updated_at" timestamptz not null, "partnership_id" int not null, "threshold" int not null, "factors" jsonb not null, "source" text null);`);
    this.addSql(`create index "scoring_matrix_partnership_id_index" on "scoring_matrix" ("partnership_id");`);
    this.addSql(`alter table "scoring_matrix" add constraint "scoring_matrix_partnership_id_unique" unique ("partnership_id");`);

    this.addSql(`alter table "cohort_capacity" add constraint "cohort_capacity_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "review_cadence" add constraint "review_cadence_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "scoring_matrix" add constraint "scoring_matrix_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "crime_category" add column "offence_group" varchar(255) null, add column "classification" varchar(255) null;`);

    this.addSql(`alter table "non_pay_line" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "non_pay_line" add constraint "non_pay_line_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`alter table "nominal" add column "mappa_level" int null;`);

    this.addSql(`alter table "cohort_target" add column "phases" jsonb null;`);

    this.addSql(`alter table "appraisal_option" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "appraisal_option" add constraint "appraisal_option_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`alter table "published_cost_of_crime" add column "period" varchar(255) null, add column "reference" varchar(255) null;`);
    this.addSql(`alter table "published_cost_of_crime" add constraint "published_cost_of_crime_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`alter table "published_priority_crime_rate" add column "area" varchar(255) null, add column "method" varchar(255) null, add column "reference" varchar(255) null;`);
    this.addSql(`alter table "published_priority_crime_rate" add constraint "published_priority_crime_rate_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`alter table "published_reoffending" add column "period" varchar(255) null;`);

    this.addSql(`alter table "referral" add column "matrix_factors" jsonb null, add column "matrix_threshold" int null, add column "reference" varchar(255) null;`);
    this.addSql(`alter table "referral" add constraint "referral_nominal_id_reference_unique" unique ("nominal_id", "reference");`);

    this.addSql(`alter table "membership" add column "relevant_banding" varchar(255) null;`);

    // Keys for imports on rows recorded before: an option by programme and number, a published row by what it covers.
    this.addSql(`update "appraisal_option" set "reference" = "programme" || '#' || "option" where "reference" is null;`);
    this.addSql(`update "published_priority_crime_rate" set "reference" = '//' || "month" where "reference" is null;`);
    this.addSql(`update "published_cost_of_crime" set "reference" = '/' || "group" where "reference" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "crime_classification" cascade;`);

    this.addSql(`drop table if exists "cohort_capacity" cascade;`);

    this.addSql(`drop table if exists "review_cadence" cascade;`);

    this.addSql(`drop table if exists "scoring_matrix" cascade;`);

    this.addSql(`alter table "appraisal_option" drop constraint "appraisal_option_partnership_id_reference_unique";`);
    this.addSql(`alter table "appraisal_option" drop column "reference";`);

    this.addSql(`alter table "cohort_target" drop column "phases";`);

    this.addSql(`alter table "crime_category" drop column "offence_group", drop column "classification";`);

    this.addSql(`alter table "membership" drop column "relevant_banding";`);

    this.addSql(`alter table "nominal" drop column "mappa_level";`);

    this.addSql(`alter table "non_pay_line" drop constraint "non_pay_line_partnership_id_reference_unique";`);
    this.addSql(`alter table "non_pay_line" drop column "reference";`);

    this.addSql(`alter table "published_cost_of_crime" drop constraint "published_cost_of_crime_partnership_id_reference_unique";`);
    this.addSql(`alter table "published_cost_of_crime" drop column "period", drop column "reference";`);

    this.addSql(`alter table "published_priority_crime_rate" drop constraint "published_priority_crime_rate_partnership_id_reference_unique";`);
    this.addSql(`alter table "published_priority_crime_rate" drop column "area", drop column "method", drop column "reference";`);

    this.addSql(`alter table "published_reoffending" drop column "period";`);

    this.addSql(`alter table "referral" drop constraint "referral_nominal_id_reference_unique";`);
    this.addSql(`alter table "referral" drop column "matrix_factors", drop column "matrix_threshold", drop column "reference";`);
  }

}
