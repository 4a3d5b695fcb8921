import { Migration } from '@mikro-orm/migrations';

export class Migration20261129102229 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`status_review_membership_id_index\`;`);

    this.addSql(`create index \`status_review_membership_id_review_date_id_status_index\` on \`status_review\` (\`membership_id\`, \`review_date\`, \`id\`, \`status\`);`);
  }

}
