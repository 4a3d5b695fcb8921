import { Migration } from '@mikro-orm/migrations';

/**
 * member_period (PostgreSQL only): each nominal's time on the scheme as periods that do not touch
 * or overlap, [start_date, end_date) with end_date null while open, and the nominal's partnership.
 * Memberships that overlap or meet make one period, so an offence falls in one period at most, and
 * a period is on the scheme in a window exactly when one of its memberships is. It is a rollup of
 * membership and nominal, kept by triggers in the same transaction as any write to either (the
 * hub's, an import's or anyone's SQL), so it cannot go stale; measures over every partnership read
 * it rather than joining memberships to nominals (reoffending rates, README, Performance).
 * `member_period_refill(nominals)` makes the periods of the nominals named again (all, given null):
 * the triggers call it for the nominals a statement changed, and a bulk load that turned triggers
 * off calls it once. MikroORM's schema diff leaves the table alone (schemaGenerator.skipTables).
 */
export class Migration20261130110000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "member_period" (
      "nominal_id" int not null references "nominal" ("id") on update cascade on delete cascade,
      "start_date" varchar(255) not null,
      "end_date" varchar(255) null,
      "partnership_id" int not null,
      constraint "member_period_pkey" primary key ("nominal_id", "start_date"));`);

    this.addSql(`create function "member_period_refill"(nominals int[]) returns void language sql as $$
      delete from "member_period" where nominals is null or "nominal_id" = any (nominals);
      insert into "member_period" ("nominal_id", "start_date", "end_date", "partnership_id")
      select "nominal_id", min("start_date"), nullif(max("stop"), '9999-12-31'), "partnership_id"
      from (
        select *, sum(case when "start_date" <= "reached" then 0 else 1 end) over (partition by "nominal_id" order by "start_date", "stop" rows unbounded preceding) as "period"
        from (
          select m."nominal_id", n."partnership_id", m."start_date", coalesce(m."end_date", '9999-12-31') as "stop",
            max(coalesce(m."end_date", '9999-12-31')) over (partition by m."nominal_id" order by m."start_date", coalesce(m."end_date", '9999-12-31') rows between unbounded preceding and 1 preceding) as "reached"
          from "membership" m join "nominal" n on n."id" = m."nominal_id"
          where nominals is null or m."nominal_id" = any (nominals)
        ) spells
      ) numbered
      group by "nominal_id", "partnership_id", "period";
    $$;`);

    this.addSql(`create function "member_period_membership_changed"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          perform "member_period_refill"(array(select distinct "nominal_id" from "new_rows"));
        elsif tg_op = 'DELETE' then
          perform "member_period_refill"(array(select distinct "nominal_id" from "old_rows"));
        else
          perform "member_period_refill"(array(select "nominal_id" from "old_rows" union select "nominal_id" from "new_rows"));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "member_period_membership_inserted" after insert on "membership" referencing new table as "new_rows" for each statement execute function "member_period_membership_changed"();`);
    this.addSql(`create trigger "member_period_membership_updated" after update on "membership" referencing old table as "old_rows" new table as "new_rows" for each statement execute function "member_period_membership_changed"();`);
    this.addSql(`create trigger "member_period_membership_deleted" after delete on "membership" referencing old table as "old_rows" for each statement execute function "member_period_membership_changed"();`);

    this.addSql(`create function "member_period_nominal_moved"() returns trigger language plpgsql as $$
      begin
        update "member_period" p set "partnership_id" = n."partnership_id" from "new_rows" n where p."nominal_id" = n."id" and p."partnership_id" <> n."partnership_id";
        return null;
      end $$;`);
    this.addSql(`create trigger "member_period_nominal_updated" after update on "nominal" referencing new table as "new_rows" for each statement execute function "member_period_nominal_moved"();`);
    this.addSql(`create function "member_period_memberships_emptied"() returns trigger language plpgsql as $$
      begin
        delete from "member_period";
        return null;
      end $$;`);
    this.addSql(`create trigger "member_period_membership_truncated" after truncate on "membership" for each statement execute function "member_period_memberships_emptied"();`);

    this.addSql(`select "member_period_refill"(null);`);
    this.addSql(`analyze "member_period";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "member_period_membership_inserted" on "membership";`);
    this.addSql(`drop trigger "member_period_membership_updated" on "membership";`);
    this.addSql(`drop trigger "member_period_membership_deleted" on "membership";`);
    this.addSql(`drop trigger "member_period_nominal_updated" on "nominal";`);
    this.addSql(`drop trigger "member_period_membership_truncated" on "membership";`);
    this.addSql(`drop function "member_period_memberships_emptied"();`);
    this.addSql(`drop function "member_period_membership_changed"();`);
    this.addSql(`drop function "member_period_nominal_moved"();`);
    this.addSql(`drop table "member_period";`);
    this.addSql(`drop function "member_period_refill"(int[]);`);
  }

}
