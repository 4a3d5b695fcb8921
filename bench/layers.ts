/**
 * `npx tsx bench/layers.ts --db bench/data/M.sqlite [--query referrals-flat]`: where one query's
 * time goes. Times, in this process, the same answer built layer by layer: the floor (better-sqlite3
 * + JSON.stringify), the hub's SQLite driver running the floor's SQL, the ORM loading the entities,
 * GraphQL execution (Apollo, no HTTP), and the full request over HTTP.
 */
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { openDatabase } from '../server/database/database.js';
import { createHub } from '../server/app.js';
import { createContext } from '../server/context.js';
import { systemCaller } from '../server/access/caller.js';
import { execute, parse, print, visit, Kind, type DocumentNode } from 'graphql';
import { hubSchema } from '../server/schema.js';
import { benchQueries } from './queries.js';
import { chooseVariables } from './run.js';

const args = process.argv.slice(2);
const value = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const file = resolve(value('db') ?? 'bench/data/S.sqlite');
const names = (value('query') ?? 'referrals-flat,cohort-page-100,reoffending-rates-one,establishment').split(',');
const runs = Number(value('runs') ?? 20);

async function time(label: string, work: () => Promise<unknown> | unknown): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length / 2)];
  console.log(`  ${label.padEnd(44)} p50 ${p50.toFixed(2).padStart(9)} ms`);
  return p50;
}

const variables = chooseVariables(file);
const queries = benchQueries(variables).filter((q) => names.includes(q.name));
const floorDb = new Database(file, { readonly: true });
const orm = await openDatabase({ databaseUrl: `sqlite:${file}`, migrate: false });
const hub = await createHub({ orm });
const port = await hub.listen(0, '127.0.0.1');
const { issueToken } = await import('../server/access/token.service.js');
const { asSystem } = await import('../server/access/caller.js');
const { Role } = await import('../server/access/role.js');
const { token } = await issueToken(asSystem(orm.em, 'bench'), { role: Role.ADMIN, partnerships: [] });

for (const q of queries) {
  console.log(`${q.name} (${JSON.stringify(q.variables).slice(0, 80)})`);
  await time('floor: better-sqlite3 + JSON.stringify', () => JSON.stringify({ data: q.floor(floorDb, q.variables) }));
  // The hub's driver (node sqlite3 through knex) answering the floor's own statements.
  const statements: { sql: string; params: unknown[] }[] = [];
  const recording = new Proxy(floorDb, {
    get(target, prop) {
      if (prop !== 'prepare') return Reflect.get(target, prop);
      return (text: string) => {
        const statement = target.prepare(text);
        return new Proxy(statement, { get(s, p) { return p === 'all' || p === 'get' ? (...params: unknown[]) => { statements.push({ sql: text, params }); return (s as any)[p](...params); } : Reflect.get(s, p); } });
      };
    },
  });
  q.floor(recording, q.variables);
  const connection = orm.em.getConnection();
  await time(`driver: node sqlite3, the floor's ${statements.length} statements`, async () => {
    for (const s of statements) await connection.execute(s.sql, s.params, 'all');
  });
  const document = parse(q.query);
  const run = async (doc: DocumentNode) => {
    const result = await execute({ schema: hubSchema(), document: doc, variableValues: q.variables, contextValue: createContext(orm.em, systemCaller('bench')) });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result;
  };
  // The root fields alone: each object they return completes as `__typename` (resolvers and SQL, next to no field work).
  const rootsOnly = visit(document, {
    Field: (node, _key, _parent, _path, ancestors) => (node.selectionSet && ancestors.filter((a) => (a as { kind?: string }).kind === Kind.FIELD).length === 0
      ? { ...node, selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] } } : undefined),
  });
  if (print(rootsOnly) !== print(document)) await time('GraphQL: root resolvers only (rows as __typename)', () => run(rootsOnly));
  await time('GraphQL: graphql execute, the whole query', () => run(document));
  const answer = await run(document);
  await time('JSON.stringify of the answer', () => JSON.stringify(answer));
  await time('GraphQL: Apollo executeOperation, no HTTP', async () => {
    const response = await hub.apollo.executeOperation({ query: q.query, variables: q.variables }, { contextValue: createContext(orm.em, systemCaller('bench')) });
    if (response.body.kind === 'single' && response.body.singleResult.errors) throw new Error(JSON.stringify(response.body.singleResult.errors));
  });
  await time('HTTP: the whole request', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: q.query, variables: q.variables }) });
    await response.text();
  });
}
await hub.stop();
await orm.close();
floorDb.close();
