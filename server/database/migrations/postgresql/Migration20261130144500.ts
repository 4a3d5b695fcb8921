import { Migration } from '@mikro-orm/migrations';

/**
 * The dates the hub keeps as ISO text (`2015-04-01`) are compared byte for byte, in the "C"
 * collation, whatever the server's default. On a server set up in a language's locale (en_GB.UTF-8,
 * or an ICU locale) each `<`, `>=` and index entry of a date otherwise goes through that language's
 * collation rules, which are slower and give ISO dates no other order. SQLite already compares them
 * byte for byte, so both engines order dates alike. The indexes holding these columns are rebuilt;
 * the tables are not rewritten. Changing a column's type drops its statistics, so each table is
 * analysed again: without them the planner takes every date range for a guess, and a partnership's
 * reoffending rates took 572 ms rather than 23 at scale M (README, Performance: "Dates compared
 * byte for byte on PostgreSQL").
 */
const ISO_DATE_COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['cohort_capacity', 'from_date'],
  ['cohort_target', 'baseline_date'],
  ['cohort_target', 'target_date'],
  ['financial_year', 'start_date'],
  ['financial_year', 'end_date'],
  ['funding_stream', 'end_date'],
  ['member_period', 'start_date'],
  ['member_period', 'end_date'],
  ['membership', 'start_date'],
  ['membership', 'end_date'],
  ['nominal_identity', 'date_of_birth'],
  ['offence', 'offence_date'],
  ['offence', 'outcome_date'],
  ['referral', 'referral_date'],
  ['referral', 'panel_date'],
  ['status_review', 'review_date'],
];

function collate(collation: string | null): string[] {
  const tables = new Map<string, string[]>();
  for (const [table, column] of ISO_DATE_COLUMNS) tables.set(table, [...(tables.get(table) ?? []), column]);
  return [...tables].flatMap(([table, columns]) => [
    `alter table "${table}" ${columns.map((column) => `alter column "${column}" type varchar(255)${collation ? ` collate "${collation}"` : ''}`).join(', ')};`,
    `analyze "${table}";`,
  ]);
}

export class Migration20261130144500 extends Migration {

  override async up(): Promise<void> {
    for (const sql of collate('C')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of collate(null)) this.addSql(sql);
  }

}
