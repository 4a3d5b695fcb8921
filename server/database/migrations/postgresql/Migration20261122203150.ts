import { Migration } from '@mikro-orm/migrations';

export class Migration20261122203150 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "offence" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "offence" add constraint "offence_nominal_id_reference_unique" unique ("nominal_id", "reference");`);

    this.addSql(`alter table "funding_stream" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "funding_stream" add constraint "funding_stream_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`alter table "funding_risk" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "funding_risk" add constraint "funding_risk_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`alter table "establishment_line" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "establishment_line" add constraint "establishment_line_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    this.addSql(`alter table "published_reoffending" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "published_reoffending" add constraint "published_reoffending_partnership_id_reference_unique" unique ("partnership_id", "reference");`);

    // Published rows already loaded get the key an import gives them, so re-importing the table updates them in place.
    this.addSql(`update "published_reoffending" set "reference" = "force" || '/' || coalesce("local_authority", '') where not exists (select 1 from "published_reoffending" as "o" where "o"."partnership_id" = "published_reoffending"."partnership_id" and "o"."id" <> "published_reoffending"."id" and "o"."force" = "published_reoffending"."force" and coalesce("o"."local_authority", '') = coalesce("published_reoffending"."local_authority", ''));`);

    this.addSql(`alter table "membership" add constraint "membership_nominal_id_start_date_unique" unique ("nominal_id", "start_date");`);

    this.addSql(`alter table "status_review" add column "reference" varchar(255) null;`);
    this.addSql(`alter table "status_review" add constraint "status_review_membership_id_reference_unique" unique ("membership_id", "reference");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "establishment_line" drop constraint "establishment_line_partnership_id_reference_unique";`);
    this.addSql(`alter table "establishment_line" drop column "reference";`);

    this.addSql(`alter table "funding_risk" drop constraint "funding_risk_partnership_id_reference_unique";`);
    this.addSql(`alter table "funding_risk" drop column "reference";`);

    this.addSql(`alter table "funding_stream" drop constraint "funding_stream_partnership_id_reference_unique";`);
    this.addSql(`alter table "funding_stream" drop column "reference";`);

    this.addSql(`alter table "membership" drop constraint "membership_nominal_id_start_date_unique";`);

    this.addSql(`alter table "offence" drop constraint "offence_nominal_id_reference_unique";`);
    this.addSql(`alter table "offence" drop column "reference";`);

    this.addSql(`alter table "published_reoffending" drop constraint "published_reoffending_partnership_id_reference_unique";`);
    this.addSql(`alter table "published_reoffending" drop column "reference";`);

    this.addSql(`alter table "status_review" drop constraint "status_review_membership_id_reference_unique";`);
    this.addSql(`alter table "status_review" drop column "reference";`);
  }

}
