import { Migration } from '@mikro-orm/migrations';

export class Migration20261122181414 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`access_token\` (\`id\` integer not null primary key autoincrement, \`hash\` text not null, \`role\` text check (\`role\` in ('ADMIN', 'FINANCE', 'ANALYST', 'CASE_MANAGER', 'BOARD')) not null, \`partnership_codes\` text not null, \`label\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime null, \`revoked_at\` datetime null);`);
    this.addSql(`create unique index \`access_token_hash_unique\` on \`access_token\` (\`hash\`);`);

    this.addSql(`create table \`audit_entry\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`token_id\` integer null, \`role\` text not null, \`operation\` text not null, \`entity\` text not null, \`entity_id\` text null, \`action\` text not null, \`before\` text null, \`after\` text null, \`nominals\` integer null);`);
    this.addSql(`create index \`audit_entry_at_index\` on \`audit_entry\` (\`at\`);`);

    // The audit log is append-only, whatever the client: the database itself refuses changes.
    this.addSql(`create trigger \`audit_entry_no_update\` before update on \`audit_entry\` begin select raise(abort, 'the audit log cannot be changed'); end;`);
    this.addSql(`create trigger \`audit_entry_no_delete\` before delete on \`audit_entry\` begin select raise(abort, 'the audit log cannot be changed'); end;`);
  }

}
