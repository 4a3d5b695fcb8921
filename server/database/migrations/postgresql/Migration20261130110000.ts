import { Migration } from '@mikro-orm/migrations';

/**
 * member_period (PostgreSQL only): each nominal's time on the scheme as periods that do not touch
 * or overlap, [start_date, end_date) with end_date null while open, and the nominal's partnership.
 * Memberships that overlap or meet make one period, so an offence falls in one period at most, and
 * a period is on the scheme in a window exactly when one of its memberships is. It is a rollup of
 * membership and nominal, kept by triggers in the same transaction as any write to either (the
 * hub's, an import's or anyone's SQL), so it cannot go stale; reoffending rates read it (README,
 * Performance). MikroORM's schema diff leaves the table alone (schemaGenerator.skipTables).
 *
 * `member_period_refill(nominals)` makes the periods of the nominals named again: the triggers
 * call it for the nominals a statement changed. Given null it makes every nominal's, with the
 * nominal table locked against writers: a bulk load that turned triggers off calls it once.
 *
 * For the nominals named it first takes a turn on their rows: it locks them in id order (FOR NO KEY
 * UPDATE, which the foreign keys of memberships, offences and referrals do not wait for), then
 * updates them without changing anything ("id" = "id" changes no key, so the update keeps to that
 * lock; the version column stays as it was; no trigger on nominal records it, and
 * member_period_nominal_updated finds no partnership moved). Of two writers of one nominal's
 * memberships, the second:
 * - at READ COMMITTED (the hub's) waits for the first to end, then makes the periods from both
 *   (without the turn, it failed on the first's periods, or, for a nominal with none, kept both
 *   sets, overlapping);
 * - at REPEATABLE READ or SERIALIZABLE, with a snapshot older than the first's commit, meets the
 *   first's update of the nominal's row and fails with PostgreSQL's serialization error, SQLSTATE
 *   40001, for the writer to retry (with a lock alone it committed periods made without the first's
 *   memberships); with a newer snapshot, it sees them.
 * The cost: one dead version of each nominal row per statement writing its memberships, for vacuum
 * to clear (a HOT update where the page has room, as no indexed column changes).
 *
 * A few partnerships' periods are found by partnership (the index on partnership_id, start_date),
 * not among every partnership's.
 */
export class Migration20261130110000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "member_period" (
      "nominal_id" int not null references "nominal" ("id") on update cascade on delete cascade,
      "start_date" varchar(255) not null,
      "end_date" varchar(255) null,
      "partnership_id" int not null,
      constraint "member_period_pkey" primary key ("nominal_id", "start_date"));`);
    this.addSql(`create index "member_period_partnership_id_start_date_index" on "member_period" ("partnership_id", "start_date");`);

    this.addSql(`create function "member_period_refill"(nominals int[]) returns void language plpgsql as $$
      begin
        if nominals is null then
          lock table "nominal" in exclusive mode;
        else
          perform 1 from "nominal" where "id" = any (nominals) order by "id" for no key update;
          update "nominal" set "id" = "id" where "id" = any (nominals);
        end if;
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
      end $$;`);

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
