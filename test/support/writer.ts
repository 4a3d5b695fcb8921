/**
 * A separate process writing to a hub database, for the reliability tests. It prints one line on
 * stdout per acknowledged write, after the write has committed, so the parent knows exactly which
 * writes a client was told succeeded (even if the parent then kills it).
 *
 *   writer.ts count <file> <writer> <writes> <sharedLineId>
 *     alternates adding an establishment line of its own (`add <grade>`) and adding 0.01 FTE to a
 *     line every writer shares, reading it and retrying on CONFLICT (`inc <version>/<fte> -> <version>/<fte>`); any other error is
 *     printed as `error <message>`. Ends with `done`.
 *   writer.ts crash <file> <run> <seed>
 *     writes until killed, through GraphQL (adding lines: `line <grade>`; saving the cost-share
 *     draft: `costshare <version>`) and in batches of BATCH_SIZE lines in one transaction, standing in
 *     for an import (`batch <prefix>`).
 */
import type { EntityManager } from '@mikro-orm/core';
import { openDatabase } from '../../server/database/database.js';
import { writeTransaction } from '../../server/db/write.js';
import { DomainError } from '../../server/errors/domain-error.js';
import { EstablishmentLine } from '../../server/finance/establishment/establishment-line.entity.js';
import { addEstablishmentLine, updateEstablishmentLine } from '../../server/finance/establishment/establishment.service.js';
import { createHub } from '../../server/app.js';
import { createContext } from '../../server/context.js';
import { BATCH_SIZE, SHARED } from './reliability.js';
import { asSystem, systemCaller } from '../../server/access/caller.js';


const say = (line: string) => process.stdout.write(`${line}\n`);

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function count(file: string, writer: string, writes: number, sharedId: string): Promise<void> {
  const orm = await openDatabase({ databaseUrl: `sqlite:${file}`, migrate: false });
  say('ready');
  for (let i = 0; i < writes; i++) {
    try {
      if (i % 2 === 0) {
        const grade = `w${writer}-${i}`;
        await addEstablishmentLine(asSystem(orm.em, 'test'), SHARED.partnership, SHARED.financialYear, { grade, kind: 'POST', fte: 0.01, budget: 1 });
        say(`add ${grade}`);
      } else {
        let note = '';
        for (;;) {
          const line = await asSystem(orm.em, 'test').findOneOrFail(EstablishmentLine, { id: Number(sharedId) });
          try {
            note = `${line.version}/${line.fteHundredths}`;
            const updated = await updateEstablishmentLine(asSystem(orm.em, 'test'), sharedId, line.version, { grade: line.grade, kind: 'POST', fte: (line.fteHundredths + 1) / 100, budget: 1 });
            note += ` -> ${updated.version}/${updated.fteHundredths}`;
            break;
          } catch (error) {
            if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
          }
        }
        say(`inc ${note}`);
      }
    } catch (error) {
      say(`error ${(error as Error).message.replace(/\s+/g, ' ')}`);
    }
  }
  await orm.close();
  say('done');
}

async function crash(file: string, run: string, seed: number): Promise<void> {
  const next = random(seed);
  const orm = await openDatabase({ databaseUrl: `sqlite:${file}`, migrate: false });
  const hub = await createHub({ orm, logError: (error) => process.stderr.write(`${String(error)}\n`) });
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const response = await hub.apollo.executeOperation({ query, variables }, { contextValue: createContext(orm.em, systemCaller('test writer')) });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) throw new Error(JSON.stringify(errors));
    return data as Record<string, any>;
  };
  const { partnership: p, financialYear: y, agencies } = SHARED;
  say('ready');
  for (let n = 0; ; n++) {
    const choice = next();
    if (choice < 0.4) {
      const grade = `c-${run}-${n}`;
      await gql('mutation ($p: String!, $y: String!, $line: EstablishmentLineInput!) { addEstablishmentLine(partnership: $p, financialYear: $y, line: $line) { id } }', {
        p, y, line: { grade, fte: 1, budget: 1000 + Math.floor(next() * 100_000) / 100 },
      });
      say(`line ${grade}`);
    } else if (choice < 0.7) {
      const prefix = `b-${run}-${n}`;
      await writeTransaction(asSystem(orm.em, 'test'), async (tx: EntityManager) => {
        for (let i = 0; i < BATCH_SIZE; i++) await addEstablishmentLine(tx, p, y, { grade: `${prefix}-${i}`, kind: 'POST', fte: 0.5, budget: 500 + i });
      });
      say(`batch ${prefix}`);
    } else {
      const current = (await gql('query ($p: String!, $y: String!) { costShare(partnership: $p, financialYear: $y) { version } }', { p, y })).costShare;
      const first = 1 + Math.floor(next() * 9_000) / 100;
      const second = Math.floor(next() * (100 - first) * 100) / 100;
      const percents = [first, second, Math.round((100 - first - second) * 100) / 100];
      const saved = await gql(
        'mutation ($p: String!, $y: String!, $v: Int, $input: CostShareInput!) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: $input) { version } }',
        { p, y, v: current?.version ?? null, input: { basis: 'FIXED_PERCENTAGES', shares: agencies.map((agency, i) => ({ agency, percent: percents[i] })) } },
      );
      say(`costshare ${saved.saveCostShareDraft.version}`);
    }
  }
}

const [mode, file, ...rest] = process.argv.slice(2);
const work = mode === 'count' ? count(file, rest[0], Number(rest[1]), rest[2]) : mode === 'crash' ? crash(file, rest[0], Number(rest[1])) : Promise.reject(new Error(`unknown mode ${mode}`));
work.then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
