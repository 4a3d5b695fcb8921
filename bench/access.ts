/**
 * What the access layer costs per request: runs the same queries through the hub's schema (policy
 * checked on every field) and through the same resolvers without the policy middleware, in-process
 * on the demo data, and prints the ratio. Usage: npm run bench:access
 */
import 'reflect-metadata';
import { execute, parse } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { openDatabase } from '../server/database/database.js';
import { loadDemoData } from '../server/demo/load-demo.js';
import { asSystem, callerFor } from '../server/access/caller.js';
import { authenticate, issueToken } from '../server/access/token.service.js';
import { createContext } from '../server/context.js';
import { hubSchema, resolvers } from '../server/schema.js';
import { loadReportLibrary } from '../server/reports/report-library.js';

const orm = await openDatabase({ databaseUrl: 'sqlite::memory:' });
await loadDemoData(asSystem(orm.em, 'demo data'));
const bare = buildSchemaSync({ resolvers, validate: false });
const guarded = hubSchema();
const caller = callerFor(1, 'FINANCE', [1]);
const reports = loadReportLibrary().filter((r) => !JSON.stringify(r.variables).includes('barnet') && !r.variables.includes('turnaround'));
const documents = reports.map((r) => ({ document: parse(r.query), variables: JSON.parse(r.variables) }));

async function time(schema: typeof bare, rounds: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++)
    for (const { document, variables } of documents) {
      const result = await execute({ schema, document, variableValues: variables, contextValue: createContext(orm.em, caller) });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

await time(bare, 5);
await time(guarded, 5);
// Alternate the two and keep the best of each, so warm-up and garbage collection do not pick a side.
const rounds = 20;
let plain = Infinity;
let checked = Infinity;
for (let i = 0; i < 4; i++) {
  plain = Math.min(plain, await time(bare, rounds));
  checked = Math.min(checked, await time(guarded, rounds));
}
const { token } = await issueToken(asSystem(orm.em), { role: 'FINANCE', partnerships: ['norfolk-suffolk'] });
const authStart = process.hrtime.bigint();
for (let i = 0; i < 200; i++) await authenticate(orm.em, token);
const authMs = Number(process.hrtime.bigint() - authStart) / 1e6 / 200;
console.log(`${documents.length} saved reports × ${rounds} rounds: ${plain.toFixed(0)} ms without the policy middleware, ${checked.toFixed(0)} ms with it (best of 4) (ratio ${(checked / plain).toFixed(2)}; the scope filter is on in both)`);
console.log(`authenticating a token: ${authMs.toFixed(2)} ms a request (${(authMs / (plain / rounds / documents.length)).toFixed(2)} × one report's execution)`);
await orm.close();
