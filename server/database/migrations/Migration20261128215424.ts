import { Migration } from '@mikro-orm/migrations';

export class Migration20261128215424 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`establishment_line\` add column \`pay_point\` text null;`);
    this.addSql(`alter table \`establishment_line\` add column \`cost_per_fte_pence\` integer null;`);
    this.addSql(`alter table \`establishment_line\` add column \`vacant_fte_hundredths\` integer null;`);
    this.addSql(`alter table \`establishment_line\` add column \`vacant_cost_per_fte_pence\` integer null;`);
    this.addSql(`alter table \`establishment_line\` add column \`vacancy_basis\` text null;`);
  }

}
