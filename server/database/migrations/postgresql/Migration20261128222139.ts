import { Migration } from '@mikro-orm/migrations';
import { sealAuditLog } from '../../../access/audit-chain.js';

/**
 * The audit log without identities, of people, and chained (see the SQLite migration of the same
 * change): audit_nominal_read, identities_shown and hash; entries written before are redacted,
 * numbered in order and chained; an entry without a hash is refused like UPDATE, DELETE and
 * TRUNCATE (an upsert's UPDATE is refused already).
 */
export class Migration20261128222139 extends Migration {

  override async up(): Promise<void> {
    const run = (sql: string, params?: unknown[]) => this.execute(sql, params);
    await run(`create table "audit_nominal_read" ("entry_id" int not null, "nominal_id" int not null, "identity_shown" boolean not null default false, constraint "audit_nominal_read_pkey" primary key ("entry_id", "nominal_id"));`);
    await run(`create index "audit_nominal_read_nominal_id_entry_id_index" on "audit_nominal_read" ("nominal_id", "entry_id");`);

    await run(`alter table "audit_entry" add column "identities_shown" boolean null, add column "hash" varchar(255) null;`);

    // Demo tokens are marked, so a production start can revoke them (those printed before carry the demo label).
    await run(`alter table "access_token" add column "demo" boolean not null default false;`);
    await run(`update "access_token" set "demo" = true where "label" in ('demo admin token', 'demo finance token', 'demo analyst token', 'demo case-manager token', 'demo board token');`);

    await run('alter table "audit_entry" disable trigger "audit_entry_no_update";');
    await sealAuditLog(run);
    await run('alter table "audit_entry" enable trigger "audit_entry_no_update";');
    await run(`create trigger "audit_entry_append_only" before insert on "audit_entry" for each row when (new."hash" is null) execute function "audit_entry_refuse_change"();`);
    await run(`create trigger "audit_nominal_read_no_update" before update on "audit_nominal_read" for each row execute function "audit_entry_refuse_change"();`);
    await run(`create trigger "audit_nominal_read_no_delete" before delete on "audit_nominal_read" for each row execute function "audit_entry_refuse_change"();`);
    await run(`create trigger "audit_nominal_read_no_truncate" before truncate on "audit_nominal_read" for each statement execute function "audit_entry_refuse_change"();`);
  }

}
