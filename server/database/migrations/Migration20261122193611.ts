import { Migration } from '@mikro-orm/migrations';

export class Migration20261122193611 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`offence\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`offence_nominal_id_reference_unique\` on \`offence\` (\`nominal_id\`, \`reference\`);`);

    this.addSql(`alter table \`funding_stream\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`funding_stream_partnership_id_reference_unique\` on \`funding_stream\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`alter table \`funding_risk\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`funding_risk_partnership_id_reference_unique\` on \`funding_risk\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`alter table \`establishment_line\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`establishment_line_partnership_id_reference_unique\` on \`establishment_line\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`alter table \`published_reoffending\` add column \`reference\` text null;`);
    // Rows already loaded get the key an import of the same table gives them (force/local authority), where it is unique.
    this.addSql(`update \`published_reoffending\` set \`reference\` = \`force\` || '/' || coalesce(\`local_authority\`, '') where not exists (select 1 from \`published_reoffending\` as \`o\` where \`o\`.\`partnership_id\` = \`published_reoffending\`.\`partnership_id\` and \`o\`.\`id\` <> \`published_reoffending\`.\`id\` and \`o\`.\`force\` = \`published_reoffending\`.\`force\` and coalesce(\`o\`.\`local_authority\`, '') = coalesce(\`published_reoffending\`.\`local_authority\`, ''));`);
    this.addSql(`create unique index \`published_reoffending_partnership_id_reference_unique\` on \`published_reoffending\` (\`partnership_id\`, \`reference\`);`);

    this.addSql(`create unique index \`membership_nominal_id_start_date_unique\` on \`membership\` (\`nominal_id\`, \`start_date\`);`);

    this.addSql(`alter table \`status_review\` add column \`reference\` text null;`);
    this.addSql(`create unique index \`status_review_membership_id_reference_unique\` on \`status_review\` (\`membership_id\`, \`reference\`);`);
  }

}
