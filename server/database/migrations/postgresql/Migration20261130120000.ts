import { Migration } from '@mikro-orm/migrations';

/** member_period_refill's work, as Migration20261130110000 made it: the nominals' periods again, from their memberships. */
const REFILL = `
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
      group by "nominal_id", "partnership_id", "period";`;

/**
 * member_period_refill takes turns per nominal. Two transactions writing one nominal's memberships
 * at once each made its periods from what it could see, without the other's uncommitted
 * memberships: the second's refill then failed on the first's periods (duplicate key), or, when the
 * nominal had none before, both sets were kept and the periods overlapped. Now the refill first
 * locks the nominals' rows (FOR NO KEY UPDATE, which memberships' foreign keys do not wait for), so
 * a second writer of the same nominal waits for the first to end and then, reading committed data
 * afresh statement by statement, makes the periods from both. A refill of every nominal locks the
 * nominal table against writers instead. (Under REPEATABLE READ the second writer's snapshot is
 * older than the first's commit: the refill fails with a serialization error then, or may miss the
 * first's memberships; the hub writes under READ COMMITTED.)
 */
export class Migration20261130120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create or replace function "member_period_refill"(nominals int[]) returns void language plpgsql as $$
      begin
        if nominals is null then
          lock table "nominal" in exclusive mode;
        else
          perform 1 from "nominal" where "id" = any (nominals) order by "id" for no key update;
        end if;${REFILL}
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function "member_period_refill"(nominals int[]) returns void language sql as $$${REFILL}
    $$;`);
  }

}
