import { Migration } from '@mikro-orm/migrations';

/**
 * member_period by partnership: reoffending rates for a few partnerships named read their periods
 * in the window from here, rather than every partnership's periods (85,079 at scale M).
 */
export class Migration20261130130000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "member_period_partnership_id_start_date_index" on "member_period" ("partnership_id", "start_date");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "member_period_partnership_id_start_date_index";`);
  }

}
