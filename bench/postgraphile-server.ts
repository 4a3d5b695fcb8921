/**
 * The PostGraphile peer: PostGraphile 4.14 with the connection filter plugin (relations on) over
 * the benchmark's PostgreSQL database, as a production deployment runs it (no GraphiQL, no query
 * log, no watch). Usage: tsx bench/postgraphile-server.ts <postgres url>; prints its port.
 */
import { createServer } from 'node:http';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';

// PostGraphile 4 needs graphql 15 and the hub uses 16: npm installs 15 twice (under postgraphile
// and under graphile-build-pg) and leaves graphql-parse-resolve-info on the hub's 16, so PostGraphile
// would meet three copies ("Unexpected input type"). In this process, every `graphql` resolves
// to PostGraphile's own copy, as it would in a project of its own.
const require = createRequire(import.meta.url);
const graphql15 = dirname(require.resolve('graphql/package.json', { paths: [dirname(require.resolve('postgraphile/package.json'))] }));
const moduleWithResolve = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolveFilename = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
  if (request === 'graphql' || request.startsWith('graphql/')) return resolveFilename.call(this, request.replace(/^graphql/, graphql15), ...rest);
  return resolveFilename.call(this, request, ...rest);
};
const { postgraphile } = require('postgraphile') as typeof import('postgraphile');
const ConnectionFilterPlugin = require('postgraphile-plugin-connection-filter') as import('postgraphile').Plugin;

const [url] = process.argv.slice(2);
const middleware = postgraphile(url, 'public', {
  appendPlugins: [ConnectionFilterPlugin],
  graphileBuildOptions: { connectionFilterRelations: true },
  disableQueryLog: true,
  retryOnInitFail: false,
  graphiql: false,
  watchPg: false,
  dynamicJson: true,
  ignoreRBAC: false,
  setofFunctionsContainNulls: false,
  exportGqlSchemaPath: process.env.POSTGRAPHILE_SCHEMA_OUT,
});
const server = createServer(middleware);
server.listen(0, '127.0.0.1', () => console.log(`postgraphile listening ${(server.address() as { port: number }).port}`));
