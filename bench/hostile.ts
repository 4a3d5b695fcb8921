/**
 * `npx tsx bench/hostile.ts [--runs 20]`: how long the hub takes to accept or refuse each hostile
 * document (bench/hostile-documents.ts), and how /healthz answers meanwhile.
 *
 * 1. In this process: the CPU time of the decision alone (parsing with the token limit, graphql-js's
 *    rules with the hub's limits rule first, the second look with the variables), and of the whole
 *    request through Apollo (`executeOperation`, no HTTP; for an accepted document that includes
 *    answering it), first run and median of `--runs` (each run's text differs by a comment, so
 *    Apollo's cache of validated documents never answers), against the floor: `{ __typename }`.
 * 2. Over HTTP, the hub started as `npm start` starts it, on a fresh database: the time until each
 *    document's answer, and the slowest /healthz answer while it was on its way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { hubSchema } from '../server/schema.js';
import { limitViolations, measureDocument, QUERY_LIMITS, queryLimitsRule } from '../server/access/limits.js';
import { openDatabase } from '../server/database/database.js';
import { createHub } from '../server/app.js';
import { createContext } from '../server/context.js';
import { systemCaller } from '../server/access/caller.js';
import { HOSTILE_DOCUMENTS, type HostileDocument } from './hostile-documents.js';
import { bootHub } from './boot-hub.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 20);
const ADMIN_TOKEN = 'iomh_bench-hostile-documents-admin-token-0123456789';

/** Documents the hub must accept, for comparison: GraphiQL's schema query, the largest a client sends. */
const ACCEPTED: HostileDocument[] = [
  { name: '(accepted) GraphiQL\'s schema query', query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }) },
  // As much work for graphql-js's rules as the limits let through: 12 fragments with the same fields in one list, 50 repeats of a field.
  {
    name: '(accepted) 12 overlapping fragments in a list',
    query: `{ partnerships { ${Array.from({ length: 12 }, (_, i) => `...P${i}`).join(' ')} } }\n${Array.from({ length: 12 }, (_, i) => `fragment P${i} on Partnership { code name region agencies { code name kind } }`).join('\n')}`,
  },
  { name: '(accepted) one field 50 times, in 9 aliased lists', query: `{ ${Array.from({ length: 9 }, (_, i) => `a${i}: partnerships { ${'code '.repeat(50)}}`).join(' ')} }` },
];

/** The decision alone: what the hub does before it runs anything. */
function decide(document: HostileDocument): boolean {
  let doc;
  try {
    doc = parse(document.query, { maxTokens: QUERY_LIMITS.maxTokens });
  } catch {
    return false;
  }
  if (validate(hubSchema(), doc, [...specifiedRules, queryLimitsRule()]).length) return false;
  return !document.variables || !limitViolations(measureDocument(hubSchema(), doc, document.variables)).length;
}
const FLOOR: HostileDocument = { name: '(floor) { __typename }', query: '{ __typename }' };

const dir = mkdtempSync(join(tmpdir(), 'iom-hub-bench-hostile-'));
const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

try {
  const orm = await openDatabase({ databaseUrl: `sqlite:${join(dir, 'in-process.sqlite')}` });
  const hub = await createHub({ orm, logError: () => {} });
  let serial = 0;
  const once = async (document: HostileDocument) => {
    const query = `${document.query}\n# run ${++serial}`;
    const started = process.cpuUsage();
    const response = await hub.apollo.executeOperation({ query, operationName: document.operationName, variables: document.variables }, { contextValue: createContext(orm.em, systemCaller('bench')) });
    const cpu = cpuMs(started);
    const result = response.body.kind === 'single' ? response.body.singleResult : null;
    return { cpu, refused: Boolean(result?.errors?.length && !result.data), message: result?.errors?.[0]?.message ?? '' };
  };
  const median = (samples: number[]) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  const measure = async (document: HostileDocument) => {
    const first = await once(document);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push((await once(document)).cpu);
    const decisions: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = process.cpuUsage();
      decide({ ...document, query: `${document.query}\n# run ${++serial}` });
      decisions.push(cpuMs(started));
    }
    return { ...first, first: first.cpu, median: median(samples), max: Math.max(...samples), decision: median(decisions), decisionMax: Math.max(...decisions) };
  };
  const floor = await measure(FLOOR);
  console.log(`In-process CPU per document, ms (${runs} runs; floor ${FLOOR.name}: decision ${floor.decision.toFixed(2)}, request ${floor.median.toFixed(2)})\n`);
  console.log(`${'document'.padEnd(62)} ${'answer'.padEnd(8)} ${'decision'.padStart(9)} ${'max'.padStart(6)} ${'request'.padStart(8)} ${'first'.padStart(7)} ${'max'.padStart(6)} ${'× floor'.padStart(8)}`);
  for (const document of [...HOSTILE_DOCUMENTS, ...ACCEPTED]) {
    const m = await measure(document);
    console.log(
      `${document.name.padEnd(62)} ${(m.refused ? 'refused' : 'accepted').padEnd(8)} ${m.decision.toFixed(1).padStart(9)} ${m.decisionMax.toFixed(1).padStart(6)} ${m.median.toFixed(1).padStart(8)} ${m.first.toFixed(1).padStart(7)} ${m.max.toFixed(1).padStart(6)} ${(m.median / floor.median).toFixed(1).padStart(8)}`,
    );
  }
  await hub.stop();
  await orm.close();

  console.log('\nOver HTTP (the hub as its own process): time to the answer, and the slowest /healthz answer meanwhile\n');
  const booted = await bootHub({ DATABASE_URL: `sqlite:${join(dir, 'http.sqlite')}`, IOM_HUB_DEMO_DATA: 'false', IOM_HUB_ADMIN_TOKEN: ADMIN_TOKEN, IOM_HUB_RATE_LIMIT: '1000000', IOM_HUB_ANONYMOUS_RATE_LIMIT: '1000000' });
  try {
    const alone: number[] = [];
    for (let i = 0; i < 50; i++) {
      const probe = performance.now();
      await (await fetch(`${booted.base}/healthz`)).arrayBuffer();
      alone.push(performance.now() - probe);
    }
    console.log(`(floor) /healthz with nothing else in flight, 50 probes: median ${median(alone).toFixed(1)} ms, max ${Math.max(...alone).toFixed(1)} ms\n`);
    console.log(`${'document'.padEnd(62)} ${'status'.padStart(6)} ${'answer ms'.padStart(10)} ${'healthz max ms'.padStart(15)} ${'probes'.padStart(7)}`);
    for (const document of [...HOSTILE_DOCUMENTS, ...ACCEPTED]) {
      let done = false;
      const started = performance.now();
      const answer = fetch(`${booted.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ query: document.query, operationName: document.operationName, variables: document.variables }),
      }).then(async (response) => {
        await response.arrayBuffer();
        done = true;
        return { status: response.status, elapsed: performance.now() - started };
      });
      const latencies: number[] = [];
      while (!done) {
        const probe = performance.now();
        await (await fetch(`${booted.base}/healthz`)).arrayBuffer();
        latencies.push(performance.now() - probe);
      }
      const { status, elapsed } = await answer;
      console.log(`${document.name.padEnd(62)} ${String(status).padStart(6)} ${elapsed.toFixed(1).padStart(10)} ${Math.max(0, ...latencies).toFixed(1).padStart(15)} ${String(latencies.length).padStart(7)}`);
    }
  } finally {
    await booted.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
