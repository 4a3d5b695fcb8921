/**
 * The hub's layers, checked by dependency-cruiser in `npm test` (`npm run lint:deps`).
 *
 * A module may import its own layer and the layers below it, never one above. The order, lowest
 * first (a folder's subfolders are in its layer; `*.test.ts` files are in their folder's layer):
 */
const LAYERS = [
  // What the hub and the add-in say to each other (the table layout): types only, shared by both sides.
  ['wire types', ['wire/']],
  // DomainError and input checks, whole pence and hundredths, months, the units of the schema's numbers.
  ['foundation', ['server/errors/', 'server/money/', 'server/calendar/', 'server/units/']],
  // Disclosure control: what each role sees of counts and of the figures built on them, applied by every measure.
  ['disclosure', ['server/disclosure/']],
  // Helpers every domain uses: write transactions, batch loading, the SQL runner, the scope helper.
  ['data helpers', ['server/db/']],
  ['financial years', ['server/financial-year/']],
  ['reference data', ['server/reference/']],
  // Partnerships, agencies, hubs and their staffing standards (partnership/staffing/).
  ['partnership', ['server/partnership/']],
  // Tokens, roles, the policy, the caller's scope, the audit log; context.ts builds the caller's context.
  ['access', ['server/access/', 'server/context.ts']],
  ['cohort', ['server/cohort/']],
  ['establishment', ['server/finance/establishment/']],
  ['cost share', ['server/finance/cost-share/']],
  ['options appraisal', ['server/finance/options/']],
  ['funding', ['server/funding/']],
  // The scenario: a plan over staffing standards, the establishment, cost share and funding.
  ['planning', ['server/planning/']],
  ['performance', ['server/performance/']],
  ['import', ['server/import/']],
  ['reports', ['server/reports/']],
  // Many queries in one request, each run through the app's pipeline (given on the context).
  ['batch', ['server/batch/']],
  // The database's set-up: opening, the entity list (every domain's entities), migrations,
  // replicas, backup; and the configuration read from the environment.
  ['database set-up', ['server/database/', 'server/config.ts']],
  ['demo data', ['server/demo/']],
  // The served hub: schema, HTTP app, error formatting, GraphiQL page, the add-in's routes, main.
  ['app', ['server/schema.ts', 'server/app.ts', 'server/apollo-http.ts', 'server/main.ts', 'server/heap-growth.ts', 'server/errors/format-error.ts', 'server/errors/committed-writes.test.ts', 'server/web/', 'server/addin/']],
  // Workbooks without Excel (export, headless refresh): through the app's schema, in-process.
  ['workbook', ['server/workbook/']],
  ['benchmark', ['bench/']],
  ['command line', ['server/cli/']],
  // Nothing shipped imports these.
  ['tests and scripts', ['test/', 'scripts/', 'bin/', 'vitest.config.ts']],
];

const escape = (text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
/** A layer entry as a path pattern: a folder (ends in /) or a file. */
const pattern = (entry) => (entry.endsWith('/') ? `^${escape(entry)}` : `^${escape(entry)}$`);
const layerPaths = (index) => LAYERS[index][1].map(pattern);
/** Entries of other layers inside this layer's folders (server/errors/format-error.ts). */
const nested = (index) =>
  LAYERS.flatMap(([, entries], other) => (other === index ? [] : entries.filter((e) => LAYERS[index][1].some((f) => f.endsWith('/') && e !== f && e.startsWith(f))).map(pattern)));
const above = (index) => LAYERS.slice(index + 1).flatMap(([, entries]) => entries.map(pattern));
const below = (index) => LAYERS.slice(0, index).flatMap(([, entries]) => entries.map(pattern));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circle anywhere, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.slice(0, -1).map(([name], index) => ({
      name: `layer: ${name}`,
      severity: 'error',
      comment: `The ${name} layer imports only its own layer and those below it (see LAYERS in .dependency-cruiser.cjs).`,
      from: { path: layerPaths(index), pathNot: nested(index) },
      // context.ts: see the rule below.
      to: { path: above(index), pathNot: '^server/context\\.ts$' },
    })),
    {
      name: 'context only by type from below',
      severity: 'error',
      comment:
        'HubContext (server/context.ts) is the type every resolver is called with, so any layer may name it with `import type`; ' +
        'building a context (createContext) is for the app and above.',
      from: { path: below(LAYERS.findIndex(([name]) => name === 'access')) },
      to: { path: '^server/context\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domains not to tools',
      severity: 'error',
      comment: 'Domain folders under server/ never import the command line, workbooks, benchmarks or tests.',
      from: { path: '^server/', pathNot: '^server/(cli|workbook)/' },
      to: { path: ['^server/cli/', '^server/workbook/', '^bench/', '^test/', '^scripts/'] },
    },
    {
      name: 'wire types import nothing of ours',
      severity: 'error',
      comment: 'wire/ describes what crosses between the hub and the add-in: the server and the add-in both import it, so it imports neither.',
      from: { path: '^wire/' },
      to: { path: ['^server/', '^addin/', '^bench/', '^test/', '^scripts/'] },
    },
    {
      name: 'add-in not to server',
      severity: 'error',
      comment: 'The add-in runs in Excel: it never imports the server, benchmarks, tests or scripts (server/workbook/ may import the add-in).',
      from: { path: '^addin/' },
      to: { path: ['^server/', '^bench/', '^test/', '^scripts/'] },
    },
    {
      name: 'only the workbook and the add-in routes import the add-in',
      severity: 'error',
      comment: 'Of the server, only server/workbook/ (the same cells without Excel), server/addin/ (serving it) and server/web/ (pages with its client and look) use addin/.',
      from: { path: '^server/', pathNot: '^server/(workbook|addin|web)/' },
      to: { path: '^addin/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
