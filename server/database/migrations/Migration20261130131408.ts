import { Migration } from '@mikro-orm/migrations';

/**
 * The offences lose their index on the category alone. Every read of offences by category is also by
 * date or nominal, and the measures' two indexes hold the category; the crime categories are
 * reference data the hub never deletes or renumbers. One index fewer for each imported offence
 * (README, Performance: "The offence import without an index on the category alone").
 */
export class Migration20261130131408 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`offence_category_id_index\`;`);
  }

}
