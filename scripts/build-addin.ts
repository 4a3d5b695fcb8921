/**
 * Builds the Excel add-in into dist/addin/: functions.json from the custom functions' JSDoc
 * (failing on its errors, which the metadata CLI would ignore), one bundle for the shared runtime
 * (task pane + CustomFunctions.associate calls), the pane's HTML and CSS, and the icons.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { checkFunctionsMetadata } from '../addin/manifest-check.js';
import { iconPng } from './addin-icons.js';

const OUT = 'dist/addin';
const FUNCTIONS = 'addin/functions/functions.ts';

const metadata = await generateCustomFunctionsMetadata(FUNCTIONS);
const problems = [...metadata.errors, ...(metadata.errors.length ? [] : checkFunctionsMetadata(metadata.metadataJson))];
if (problems.length) {
  console.error(`Custom functions metadata has errors:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
mkdirSync(`${OUT}/assets`, { recursive: true });
// =IOM.QUERY returns formatted numbers (Excel data types) where Excel supports them: that needs this flag.
writeFileSync(`${OUT}/functions.json`, JSON.stringify({ allowCustomDataForDataTypeAny: true, ...JSON.parse(metadata.metadataJson) }, null, 2));

const associate = metadata.associate.map(({ id, functionName }) => `  CustomFunctions.associate(${JSON.stringify(id)}, functions.${functionName});`).join('\n');
await build({
  stdin: {
    contents: `import './addin/taskpane/taskpane.ts';\nimport * as functions from './${FUNCTIONS}';\nif (typeof CustomFunctions !== 'undefined') {\n${associate}\n}\n`,
    resolveDir: '.',
    sourcefile: 'shared-runtime.ts',
    loader: 'ts',
  },
  outfile: `${OUT}/taskpane.js`,
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  logLevel: 'warning',
  legalComments: 'none',
});
for (const file of ['taskpane.html', 'help.html']) copyFileSync(`addin/taskpane/${file}`, `${OUT}/${file}`);
for (const size of [16, 32, 64, 80]) writeFileSync(`${OUT}/assets/icon-${size}.png`, iconPng(size));
console.log(`Built ${OUT}/: taskpane.html, taskpane.js, taskpane.css, functions.json (${metadata.associate.map((a) => a.id).join(', ')}), icons`);
