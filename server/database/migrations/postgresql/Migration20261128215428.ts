import { Migration } from '@mikro-orm/migrations';

export class Migration20261128215428 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "establishment_line" add column "pay_point" varchar(255) null, add column "cost_per_fte_pence" int null, add column "vacant_fte_hundredths" int null, add column "vacant_cost_per_fte_pence" int null, add column "vacancy_basis" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "establishment_line" drop column "pay_point", drop column "cost_per_fte_pence", drop column "vacant_fte_hundredths", drop column "vacant_cost_per_fte_pence", drop column "vacancy_basis";`);
  }

}
