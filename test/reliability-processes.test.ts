import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/database/database.js';
import { addEstablishmentLine } from '../server/finance/establishment/establishment.service.js';
import { EstablishmentLine } from '../server/finance/establishment/establishment-line.entity.js';
import { databaseProblems, demoDatabaseFile, scaled, SHARED, startWriter } from './support/reliability.js';
import { asSystem } from '../server/access/caller.js';

const PROCESSES = 4;
const WRITES = scaled(400);

describe(`${PROCESSES} processes × ${WRITES} writes against one SQLite file`, () => {
  it('end with exactly the acknowledged writes, and no client sees "database is locked"', async () => {
    const file = await demoDatabaseFile();
    const orm = await openDatabase({ databaseUrl: `sqlite:${file}` });
    const shared = await addEstablishmentLine(asSystem(orm.em, 'test'), SHARED.partnership, SHARED.financialYear, { grade: 'Shared', kind: 'POST', fte: 0, budget: 1 });
    await orm.close();

    const started = Date.now();
    const writers = Array.from({ length: PROCESSES }, (_, i) => startWriter(['count', file, String(i), String(WRITES), String(shared.id)]));
    const exits = await Promise.all(writers.map((w) => w.exited));
    const seconds = (Date.now() - started) / 1000;
    writers.forEach((w) => expect(w.stderr()).toBe(''));
    expect(exits.map((e) => e.code)).toEqual(writers.map(() => 0));

    const errors = writers.flatMap((w) => w.lines.filter((line) => line.startsWith('error ')));
    const added = writers.map((w) => w.lines.filter((line) => line.startsWith('add ')).map((line) => line.slice(4)));
    const increments = writers.reduce((sum, w) => sum + w.lines.filter((line) => line.startsWith('inc')).length, 0);
    expect(errors).toEqual([]);
    // each increment read version v with n hundredths and committed v + 1 with n + 1: none built on a stale read
    const steps = writers.flatMap((w) => w.lines.filter((line) => line.startsWith('inc ')).map((line) => /^inc (\d+)\/(\d+) -> (\d+)\/(\d+)$/.exec(line)!.slice(1).map(Number)));
    expect(steps.filter(([v, n, v2, n2]) => v2 !== v + 1 || n2 !== n + 1)).toEqual([]);

    const check = await openDatabase({ databaseUrl: `sqlite:${file}`, migrate: false });
    try {
      const em = asSystem(check.em, 'test');
      for (const [i, grades] of added.entries()) {
        const stored = await em.find(EstablishmentLine, { grade: { $like: `w${i}-%` } });
        expect(stored.map((line) => line.grade).sort()).toEqual([...grades].sort());
      }
      const final = await em.findOneOrFail(EstablishmentLine, { id: shared.id });
      expect(final.fteHundredths).toBe(increments);
      expect(final.version).toBe(1 + increments);
    } finally {
      await check.close();
    }
    expect(await databaseProblems(file)).toEqual([]);

    const writes = added.flat().length + increments;
    console.log(
      `[reliability] ${PROCESSES} processes × ${WRITES} writes: ${writes} acknowledged (${added.flat().length} lines added, ${increments} read-modify-write increments ` +
        `of one shared line), all present; ${errors.length} errors ("database is locked": 0); ${seconds.toFixed(1)} s, ${(writes / seconds).toFixed(0)} writes/s`,
    );
    expect(writes).toBe(PROCESSES * WRITES);
  }, 600_000);
});
