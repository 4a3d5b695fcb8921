import { Migration } from '@mikro-orm/migrations';

export class Migration20261129073459 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`offence_nominal_id_index\`;`);

    this.addSql(`create index \`offence_nominal_id_offence_date_category_id_outcome_date_index\` on \`offence\` (\`nominal_id\`, \`offence_date\`, \`category_id\`, \`outcome_date\`);`);
  }

}
