import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/database/database.js';
import { CostShareAgreement } from '../server/finance/cost-share/cost-share-agreement.entity.js';
import { EstablishmentLine } from '../server/finance/establishment/establishment-line.entity.js';
import { BATCH_SIZE, databaseProblems, demoDatabaseFile, scaled, SHARED, startWriter } from './support/reliability.js';
import { asSystem } from '../server/access/caller.js';

const KILLS = scaled(8);

/** What a database holds of the writers' work: line grades, and the cost share's version. */
async function stored(file: string): Promise<{ grades: Set<string>; costShareVersion: number }> {
  const orm = await openDatabase({ databaseUrl: `sqlite:${file}`, migrate: false });
  try {
    const em = asSystem(orm.em, 'test');
    const lines = await em.find(EstablishmentLine, { partnership: { code: SHARED.partnership }, year: { label: SHARED.financialYear } });
    const agreement = await em.findOne(CostShareAgreement, { partnership: { code: SHARED.partnership }, year: { label: SHARED.financialYear } });
    return { grades: new Set(lines.map((line) => line.grade)), costShareVersion: agreement?.version ?? 0 };
  } finally {
    await orm.close();
  }
}

/** Everything acknowledged is there, and every batch is all there or not there at all. */
function lostOrTorn(acknowledged: readonly string[], { grades, costShareVersion }: Awaited<ReturnType<typeof stored>>): string[] {
  const problems: string[] = [];
  for (const ack of acknowledged) {
    const [kind, value] = ack.split(' ');
    if (kind === 'line' && !grades.has(value)) problems.push(`acknowledged line ${value} is missing`);
    if (kind === 'batch' && !Array.from({ length: BATCH_SIZE }, (_, i) => `${value}-${i}`).every((grade) => grades.has(grade)))
      problems.push(`acknowledged batch ${value} is not all there`);
    if (kind === 'costshare' && costShareVersion < Number(value)) problems.push(`acknowledged cost share version ${value}, found ${costShareVersion}`);
  }
  const batches = new Map<string, number>();
  for (const grade of grades) {
    const match = /^(b-\d+-\d+)-\d+$/.exec(grade);
    if (match) batches.set(match[1], (batches.get(match[1]) ?? 0) + 1);
  }
  for (const [prefix, count] of batches) if (count !== BATCH_SIZE) problems.push(`batch ${prefix} is half-applied (${count} of ${BATCH_SIZE} lines)`);
  return problems;
}

describe(`a writer killed with SIGKILL at random moments, ${KILLS} times`, () => {
  it('loses no acknowledged write, applies no batch by halves, and leaves a sound database', async () => {
    const file = await demoDatabaseFile();
    const started = Date.now();
    let acknowledged = 0;
    let batches = 0;
    const log: string[] = [];
    for (let run = 0; run < KILLS; run++) {
      const writer = startWriter(['crash', file, String(run), String(1 + Math.floor(Math.random() * 2 ** 31))]);
      await writer.waitFor('ready');
      await new Promise((resolveWait) => setTimeout(resolveWait, 50 + Math.random() * 750));
      writer.child.kill('SIGKILL');
      const exit = await writer.exited;
      expect(exit.signal).toBe('SIGKILL');
      const acks = writer.lines.filter((line) => line !== 'ready');
      acknowledged += acks.length;
      batches += acks.filter((line) => line.startsWith('batch ')).length;

      expect(await databaseProblems(file), `after kill ${run + 1}`).toEqual([]);
      expect(lostOrTorn(acks, await stored(file)), `after kill ${run + 1}`).toEqual([]);
      log.push(String(acks.length));
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `[reliability] ${KILLS} SIGKILLs mid-write: ${acknowledged} acknowledged writes (${batches} batches of ${BATCH_SIZE} lines) all present, ` +
        `0 half-applied batches, integrity_check ok ${KILLS}/${KILLS}; acknowledged per run: ${log.join(' ')}; ${seconds.toFixed(1)} s`,
    );
  }, 900_000);
});
