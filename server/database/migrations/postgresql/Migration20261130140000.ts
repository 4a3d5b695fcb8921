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

/** member_period_refill: the turn it takes on the nominals named (`turn`), then REFILL; all of them, given null, with the nominal table locked against writers. */
const refillFunction = (turn: string) => `create or replace function "member_period_refill"(nominals int[]) returns void language plpgsql as $$
      begin
        if nominals is null then
          lock table "nominal" in exclusive mode;
        else
          perform 1 from "nominal" where "id" = any (nominals) order by "id" for no key update;${turn}
        end if;${REFILL}
      end $$;`;

/**
 * member_period_refill's turn per nominal is now a write to the nominals' rows, not just a lock. A
 * writer at REPEATABLE READ or SERIALIZABLE whose snapshot was older than another writer's commit
 * of the same nominal's memberships waited for that writer's lock (or found it gone), then made the
 * periods from its snapshot, without the other's memberships, and committed them wrong. The refill
 * now locks the nominals' rows in id order (FOR NO KEY UPDATE, as before) and then updates them
 * without changing anything: "id" = "id" changes no key, so the update keeps to that lock, which
 * the foreign keys of memberships, offences and referrals do not wait for; the version column stays
 * as it was; no trigger on nominal records the update, and member_period_nominal_updated runs and
 * finds no partnership moved. For two writers of one nominal's memberships, the second:
 * - at READ COMMITTED (the hub's), waits for the first to end, then makes the periods from both,
 *   as before;
 * - at REPEATABLE READ or SERIALIZABLE, with a snapshot older than the first's commit, meets the
 *   first's update of the nominal's row (after waiting while the first is open) and fails with
 *   PostgreSQL's serialization error, SQLSTATE 40001, leaving its transaction to roll back and the
 *   writer to retry; with a newer snapshot, it sees the first's memberships.
 * A refill of every nominal still locks the nominal table against writers instead. The cost: one
 * dead version of each nominal row per statement writing its memberships, for vacuum to clear (a
 * HOT update where the page has room, as no indexed column changes).
 */
export class Migration20261130140000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(refillFunction(`
          update "nominal" set "id" = "id" where "id" = any (nominals);`));
  }

  override async down(): Promise<void> {
    this.addSql(refillFunction(''));
  }

}
