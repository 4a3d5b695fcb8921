import { Migration } from '@mikro-orm/migrations';
import { sealAuditLog } from '../../access/audit-chain.js';

/**
 * The audit log without identities, of people, and chained: which nominals each read returned
 * (audit_nominal_read), whether identities were shown, and each entry's hash. Entries written
 * before lose their identity values (a change of identity keeps which fields changed), are
 * numbered in order and chained. Nothing may rewrite an entry afterwards: INSERT OR REPLACE and
 * entries without a hash are refused like UPDATE and DELETE.
 */
export class Migration20261128222136 extends Migration {

  override async up(): Promise<void> {
    const run = (sql: string, params?: unknown[]) => this.execute(sql, params);
    await run(`create table \`audit_nominal_read\` (\`entry_id\` integer not null, \`nominal_id\` integer not null, \`identity_shown\` integer not null default false, primary key (\`entry_id\`, \`nominal_id\`));`);
    await run(`create index \`audit_nominal_read_nominal_id_entry_id_index\` on \`audit_nominal_read\` (\`nominal_id\`, \`entry_id\`);`);

    await run(`alter table \`audit_entry\` add column \`identities_shown\` integer null;`);
    await run(`alter table \`audit_entry\` add column \`hash\` text null;`);

    // Overwritten rows would leave their old text in free pages: zero them.
    await run('pragma secure_delete = on;');

    // Demo tokens are marked, so a production start can revoke them (those printed before carry the demo label).
    await run(`alter table \`access_token\` add column \`demo\` integer not null default false;`);
    await run(`update \`access_token\` set \`demo\` = true where \`label\` in ('demo admin token', 'demo finance token', 'demo analyst token', 'demo case-manager token', 'demo board token');`);

    await run('drop trigger `audit_entry_no_update`;');
    await sealAuditLog(run);
    await run(`create trigger \`audit_entry_no_update\` before update on \`audit_entry\` begin select raise(abort, 'the audit log cannot be changed'); end;`);
    // REPLACE deletes the row it conflicts with without firing delete triggers: refuse the insert itself.
    await run(`create trigger \`audit_entry_append_only\` before insert on \`audit_entry\` when new.\`hash\` is null or exists (select 1 from \`audit_entry\` where \`id\` = new.\`id\`) begin select raise(abort, 'the audit log cannot be changed'); end;`);
    await run(`create trigger \`audit_nominal_read_no_update\` before update on \`audit_nominal_read\` begin select raise(abort, 'the audit log cannot be changed'); end;`);
    await run(`create trigger \`audit_nominal_read_no_delete\` before delete on \`audit_nominal_read\` begin select raise(abort, 'the audit log cannot be changed'); end;`);
    await run(`create trigger \`audit_nominal_read_append_only\` before insert on \`audit_nominal_read\` when exists (select 1 from \`audit_nominal_read\` where \`entry_id\` = new.\`entry_id\` and \`nominal_id\` = new.\`nominal_id\`) begin select raise(abort, 'the audit log cannot be changed'); end;`);
  }

}
