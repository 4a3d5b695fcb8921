import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/core';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import http from 'node:http';
import { createContext, type HubContext } from './context.js';
import { createFormatError, type ErrorLogger } from './errors/format-error.js';
import { hubSchema } from './schema.js';
import { loadReportLibrary } from './reports/report-library.js';
import { graphiqlPage } from './web/graphiql-page.js';
import { caseManagerPage, pageSchema } from './web/case-manager-page.js';
import { addinRoutes } from './addin/addin-routes.js';
import { readAccessConfig, type AccessConfig } from './access/access-config.js';
import { callerOfRequest, corsFor, rateLimitPerAddress, rateLimitPerToken, requireToken, wantsQueryEditor } from './access/http-guard.js';
import { queryLimitsRule } from './access/limits.js';
import type { Caller } from './access/caller.js';
import { Role } from './access/role.js';
import { explainParseLimits, queryLimitsPlugin, variableLimits } from './access/limits-plugin.js';
import { auditReadsPlugin, stringifyAnswer } from './access/read-audit.js';
import { plainListsPlugin, type PlainRoot } from './access/plain-lists.js';
import { HUB_POLICY } from './access/policy.js';
import { cohortPage, referralRows, referralsText } from './cohort/cohort.resolver.js';
import type { PlainTextRoot } from './access/plain-text.js';
import { committedWritesPlugin } from './errors/committed-writes.js';
import { mediaTypeStatusPlugin } from './errors/media-type-status.js';
import { accessFormatError, introspectionGate } from './access/production.js';
import { replicaRouting } from './database/replicas.js';
import { reportsPlugin } from './reports/reports-plugin.js';
import { apolloHandler } from './apollo-http.js';
import { expressMessages, postGraphqlFirst } from './graphql-post.js';
import { DirectAnswers, FINANCE_REPORTS } from './direct-answers.js';
import { LongOperations, longOperations } from './database/long-operations.js';
import { OperationPool } from './workers/operation-pool.js';

/** The query fields answered without graphql-js when asked for plain fields alone (server/access/plain-lists.ts). */
const PLAIN_ROOTS: Readonly<Record<string, PlainRoot>> = {
  referrals: (args, ctx, asked) => referralRows(args, ctx, asked.fields),
  cohort: cohortPage,
};
/** Those of PLAIN_ROOTS whose list the database may write as its JSON text when asked for leaves alone (server/access/plain-text.ts). */
const PLAIN_TEXTS: Readonly<Record<string, PlainTextRoot>> = { referrals: referralsText };

const WEB_ASSETS = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/web');

export interface HubOptions {
  orm: MikroORM;
  logError?: ErrorLogger;
  /** Largest request body accepted. */
  bodyLimit?: string;
  /** Largest request body accepted from an admin token: importRows takes up to 2,000,000 characters of CSV, escaped as JSON. */
  adminBodyLimit?: string;
  /** Production defaults, CORS origins, rate and query limits (default: from the environment). */
  access?: Partial<AccessConfig>;
  /** Worker threads for the long reports (server/workers/operation-pool.ts), on the hub's database; none by default. */
  operationWorkers?: { databaseUrl: string; count: number };
  /** The flat list and the cohort page asked for their plain fields alone answered without graphql-js (server/access/plain-lists.ts); on unless false. */
  plainLists?: boolean;
  /** A POST to /graphql dispatched to its handlers without Express's router, requests and responses made with Express's prototypes (server/graphql-post.ts); on unless false. */
  directPost?: boolean;
  /** With `directPost`, a finance report's plain fields answered without Apollo and graphql-js once its query text is known (server/direct-answers.ts); on unless false. */
  directAnswers?: boolean;
}

export interface Hub {
  app: express.Express;
  apollo: ApolloServer<HubContext>;
  /** The worker threads answering the long reports, if any were asked for. */
  pool: OperationPool | null;
  /** A request's context for `caller`, able to run a batch's operations through this hub's pipeline. */
  contextFor(caller: Caller): HubContext;
  httpServer: Server;
  /** Listens on `port` (0: any free port) and resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking requests, lets in-flight ones finish, then stops Apollo. */
  stop(): Promise<void>;
}

function requestError(status: number, message: string) {
  return { errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }] };
}

/** One process serves the API, GraphiQL, its assets and the health check. */
export async function createHub({ orm, logError, bodyLimit = '1mb', adminBodyLimit = '8mb', access: accessOptions, operationWorkers, plainLists = true, directPost = true, directAnswers = true }: HubOptions): Promise<Hub> {
  const access = { ...readAccessConfig(), ...accessOptions };
  const app = express();
  const httpServer = directPost ? http.createServer(expressMessages(app)) : http.createServer();
  // Started first: the workers start (0.5–3 s) while the rest of the hub does.
  const pool = operationWorkers?.count ? new OperationPool(operationWorkers.databaseUrl, operationWorkers.count, logError) : null;
  // The limits with the variables and the long queries' turns, shared by Apollo's plugins and the direct answers.
  const limits = variableLimits(access.limits);
  const long = new LongOperations(longOperations());
  const answers = directPost && directAnswers ? new DirectAnswers({ fields: FINANCE_REPORTS, context: (_req, res) => contextFor(callerOfRequest(res)), limits, long }) : null;
  const formatError = accessFormatError(createFormatError(logError), access.production);
  const apollo = new ApolloServer<HubContext>({
    schema: hubSchema(),
    formatError: (formatted, error) => explainParseLimits(formatError(formatted, error), access.limits),
    // Parsing stops at the token limit, before the rest of a long document is read.
    parseOptions: { maxTokens: access.limits.maxTokens },
    includeStacktraceInErrorResponses: false,
    // An answer's text may have been made while its reads were committed (server/access/read-audit.ts).
    stringifyResult: stringifyAnswer,
    allowBatchedHttpRequests: false,
    // A browser sends the token's Authorization header to another site only after a CORS preflight,
    // which the hub refuses (corsFor): a request carrying it cannot be a cross-site forgery.
    csrfPrevention: { requestHeaders: ['authorization', 'apollo-require-preflight', 'x-apollo-operation-name'] },
    introspection: true,
    validationRules: [queryLimitsRule(access.limits)],
    // The hub handles SIGTERM itself (server/main.ts); Apollo's own handler would race it and hang.
    stopOnTerminationSignals: false,
    // No cache-control hints are used; without the plugin Apollo does not wrap every field it resolves.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginDrainHttpServer({ httpServer }), queryLimitsPlugin(access.limits, limits), introspectionGate(access.production), replicaRouting(long), auditReadsPlugin(logError), committedWritesPlugin(), mediaTypeStatusPlugin(), reportsPlugin(logError), ...(pool ? [pool.plugin()] : []), ...(plainLists ? [plainListsPlugin(HUB_POLICY, PLAIN_ROOTS, PLAIN_TEXTS)] : []), ...(answers ? [answers.plugin()] : [])],
  });
  await apollo.start();
  // Each operation of a batch goes through Apollo as a request of its own: the same validation rules, limits, plugins and error formatting.
  const contextFor = (caller: Caller): HubContext => ({
    ...createContext(orm.em, caller),
    runOperation: async ({ query, variables, operationName, lineage }) => {
      const response = await apollo.executeOperation({ query, variables: variables ?? undefined, operationName: operationName ?? undefined }, { contextValue: { ...contextFor({ ...caller }), lineage } });
      if (response.body.kind !== 'single') throw new Error('An operation of a batch answered incrementally.');
      return response.body.singleResult;
    },
  });

  app.disable('x-powered-by');
  // X-Forwarded-For, -Proto and -Host are believed only from the proxies named (none by default).
  try {
    app.set('trust proxy', access.trustedProxies.length ? access.trustedProxies : false);
  } catch (error) {
    throw new Error(`IOM_HUB_TRUSTED_PROXIES: ${(error as Error).message}`);
  }
  // No page's address (a token in /graphql?token=…) goes to another site in a Referer header.
  const noReferrer: RequestHandler = (_req, res, next) => {
    res.set('Referrer-Policy', 'no-referrer');
    next();
  };
  const everyPath = [noReferrer, corsFor(access.corsOrigins), requireToken(orm.em, rateLimitPerAddress(access.anonymousRateLimitPerMinute)), rateLimitPerToken(access.rateLimitPerMinute)];
  const parsers = { normal: express.json({ limit: bodyLimit }), admin: express.json({ limit: adminBodyLimit }) };
  const bodyParser: RequestHandler = (req, res, next) => {
    const admin = (res.locals.caller as Caller | undefined)?.role === Role.ADMIN;
    res.locals.bodyLimit = admin ? adminBodyLimit : bodyLimit;
    (admin ? parsers.admin : parsers.normal)(req, res, next);
  };
  const graphql = apolloHandler(apollo, async (_req, res) => contextFor(callerOfRequest(res)));
  // A query's POST goes to Apollo first, past the routes of the pages and files: without the router's matching unless asked not to,
  // a finance report's plain fields answered before Apollo once its text is known.
  httpServer.on('request', directPost ? postGraphqlFirst(app, [...everyPath, bodyParser, ...(answers ? [answers.handler()] : []), graphql]) : app);
  app.use(...everyPath);
  app.post('/graphql', bodyParser, graphql);
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/healthz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok', database: 'reachable' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  app.get('/graphql', (req, res, next) => {
    if (!wantsQueryEditor(req)) return next();
    if (!existsSync(resolve(WEB_ASSETS, 'graphiql.js'))) return res.status(503).type('text').send('The query editor has not been built: run npm run build.');
    res.type('html').send(graphiqlPage(loadReportLibrary()));
  });
  const caseManagerHtml = caseManagerPage(pageSchema(hubSchema()));
  app.get('/case-manager', (_req, res) => {
    if (!existsSync(resolve(WEB_ASSETS, 'case-manager.js'))) return res.status(503).type('text').send('The case managers\' page has not been built: run npm run build.');
    res.type('html').send(caseManagerHtml);
  });
  app.use('/assets', express.static(WEB_ASSETS, { fallthrough: false, maxAge: '1h' }));
  app.use(addinRoutes({ publicUrl: access.publicUrl, production: access.production }));
  app.use('/graphql', bodyParser, graphql);
  const badBody: ErrorRequestHandler = (error, _req, res, next) => {
    const status = (error as { status?: number }).status ?? 500;
    if (res.headersSent || status >= 500) return next(error);
    res.status(status).json(requestError(status, status === 413 ? `The request body is larger than ${res.locals.bodyLimit ?? bodyLimit}.` : 'The request body is not valid JSON.'));
  };
  app.use(badBody);

  return {
    app,
    apollo,
    pool,
    contextFor,
    httpServer,
    listen: (port, host) =>
      new Promise((resolveListen, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolveListen((httpServer.address() as { port: number }).port));
      }),
    stop: async () => {
      answers?.stop();
      await apollo.stop();
      await pool?.close();
    },
  };
}
