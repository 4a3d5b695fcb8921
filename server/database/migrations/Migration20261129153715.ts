import { Migration } from '@mikro-orm/migrations';

/**
 * The nominals each read returned, 32 to a row (audit_read_block: bit `id % 32` of block
 * `id / 32`), instead of a row each: a list of 2,338 nominals is about 75 rows to write before its
 * answer leaves, not 2,338 spread over an index by nominal. The reads recorded so far move over
 * unchanged (the chain's hashes cover which nominals were read, not how they are stored), and
 * `audit_nominal_read` becomes a view giving one row a nominal read, as the table did. The new
 * table is append-only like the rest of the log.
 */
export class Migration20261129153715 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`audit_read_block\` (\`entry_id\` integer not null, \`block\` integer not null, \`nominals\` bigint not null, \`identities\` bigint not null default 0, primary key (\`entry_id\`, \`block\`));`);
    this.addSql(`create index \`audit_read_block_block_entry_id_index\` on \`audit_read_block\` (\`block\`, \`entry_id\`);`);

    this.addSql(`insert into \`audit_read_block\` (\`entry_id\`, \`block\`, \`nominals\`, \`identities\`)
      select \`entry_id\`, \`nominal_id\` >> 5, sum(1 << (\`nominal_id\` & 31)), sum(case when \`identity_shown\` then 1 << (\`nominal_id\` & 31) else 0 end)
      from \`audit_nominal_read\` group by \`entry_id\`, \`nominal_id\` >> 5;`);
    this.addSql(`drop table if exists \`audit_nominal_read\`;`);

    this.addSql(`create trigger \`audit_read_block_no_update\` before update on \`audit_read_block\` begin select raise(abort, 'the audit log cannot be changed'); end;`);
    this.addSql(`create trigger \`audit_read_block_no_delete\` before delete on \`audit_read_block\` begin select raise(abort, 'the audit log cannot be changed'); end;`);
    // REPLACE deletes the row it conflicts with without firing delete triggers: refuse the insert itself.
    this.addSql(`create trigger \`audit_read_block_append_only\` before insert on \`audit_read_block\` when exists (select 1 from \`audit_read_block\` where \`entry_id\` = new.\`entry_id\` and \`block\` = new.\`block\`) begin select raise(abort, 'the audit log cannot be changed'); end;`);

    this.addSql(`create view \`audit_nominal_read\` as
      with recursive \`bits\` (\`bit\`) as (select 0 union all select \`bit\` + 1 from \`bits\` where \`bit\` < 31)
      select b.\`entry_id\`, b.\`block\` * 32 + \`bits\`.\`bit\` as \`nominal_id\`, (b.\`identities\` >> \`bits\`.\`bit\`) & 1 as \`identity_shown\`
      from \`audit_read_block\` b, \`bits\` where ((b.\`nominals\` | b.\`identities\`) >> \`bits\`.\`bit\`) & 1 = 1;`);
  }

}
