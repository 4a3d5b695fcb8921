/**
 * Does the cost of a cohort measure follow the answer or the history? Times Thurrock's snapshot
 * and a 50-row cohort page, then adds 40 more partnerships of synthetic records and times them
 * again. Prints ratios (near 1: the cost follows the answer). Usage: npm run bench:cohort
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/database/database.js';
import { loadDemoData } from '../server/demo/load-demo.js';
import { asSystem } from '../server/access/caller.js';
import { localRunner } from '../server/workbook/query-runner.js';
import { generateDemoCohort } from '../server/demo/cohort-generator.js';
import { importCohortRecords } from '../server/cohort/cohort.service.js';

const COPIES = 40;
const RUNS = 20;
const SNAPSHOT = '{ cohortSnapshot(partnership: "thurrock", date: "2012-09-30") { total red added reoffended } }';
const PAGE = '{ cohort(partnership: "thurrock", filter: { activeOn: "2012-09-30" }, first: 50) { totalCount nodes { latestReview { status } offencesInLast12Months(asOf: "2012-09-30") { offenceDate } } } }';

// The hub on the demo data in a fresh SQLite file, asked in-process as the hub itself.
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-bench-cohort-'));
const orm = await openDatabase({ databaseUrl: `sqlite:${join(dir, 'hub.sqlite')}` });
await loadDemoData(asSystem(orm.em, 'demo data'));
const { client, close } = await localRunner(orm, 'benchmark');
const gql = (query: string) => client.request(query);
const time = async (query: string) => {
  for (let i = 0; i < 10; i++) await gql(query);
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) await gql(query);
  return (performance.now() - start) / RUNS;
};
const count = async (table: string) => Number((await orm.em.getConnection().execute(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
try {
  const before = { memberships: await count('membership'), snapshot: await time(SNAPSHOT), page: await time(PAGE) };
  for (let k = 1; k <= COPIES; k++) {
    await gql(`mutation { addPartnership(input: { code: "bench-${k}", name: "Bench ${k}" }) { code } }`);
    for (const code of ['met-police', 'nps-london', 'london-crc', 'barnet-council'])
      await gql(`mutation { addAgency(partnership: "bench-${k}", input: { code: "${code}", name: "${code}", kind: OTHER }) { code } }`);
    await importCohortRecords(asSystem(orm.em.fork(), 'benchmark'), `bench-${k}`, generateDemoCohort(k).filter((plan) => plan.partnership === 'barnet'));
    process.stdout.write(`\rloading ${k}/${COPIES}`);
  }
  const after = { memberships: await count('membership'), snapshot: await time(SNAPSHOT), page: await time(PAGE) };
  console.log(`\nmemberships ${before.memberships} → ${after.memberships} (×${(after.memberships / before.memberships).toFixed(1)})`);
  console.log(`cohortSnapshot  ${before.snapshot.toFixed(2)} → ${after.snapshot.toFixed(2)} ms  ratio ${(after.snapshot / before.snapshot).toFixed(2)}`);
  console.log(`cohort page 50  ${before.page.toFixed(2)} → ${after.page.toFixed(2)} ms  ratio ${(after.page / before.page).toFixed(2)}`);
} finally {
  await close();
  await orm.close();
  rmSync(dir, { recursive: true, force: true });
}
