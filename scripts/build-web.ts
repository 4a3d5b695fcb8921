/**
 * Bundles the browser code the hub serves (GraphiQL, the case managers' page) into dist/web/, from npm packages only,
 * so the pages load nothing from another host. Runs before `npm start` and `npm test`.
 */
import { build } from 'esbuild';

await build({
  entryPoints: { graphiql: 'server/web/graphiql.tsx', 'case-manager': 'server/web/case-manager/case-manager.ts' },
  outdir: 'dist/web',
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  logLevel: 'warning',
  legalComments: 'none',
});
console.log('Built dist/web/: graphiql.js and .css, case-manager.js and .css');
