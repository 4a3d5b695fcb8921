import { Migration } from '@mikro-orm/migrations';

export class Migration20261129100613 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`offence_offence_date_index\`;`);

    this.addSql(`create index \`offence_offence_date_nominal_id_category_id_outcome_date_index\` on \`offence\` (\`offence_date\`, \`nominal_id\`, \`category_id\`, \`outcome_date\`);`);
  }

}
