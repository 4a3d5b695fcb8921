/**
 * `npm run manifest -- --base-url https://hub.example.org [--out manifest.xml]`: writes the
 * add-in manifest for a hub, after checking it offline.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateManifest } from '../addin/manifest.js';
import { checkManifest } from '../addin/manifest-check.js';

const { values } = parseArgs({ options: { 'base-url': { type: 'string' }, out: { type: 'string', default: 'manifest.xml' }, help: { type: 'boolean' } } });
if (values.help || !values['base-url']) {
  console.log('Usage: npm run manifest -- --base-url https://hub.example.org [--out manifest.xml]\nWrites the Excel add-in manifest for the hub at that address (https).');
  process.exit(values.help ? 0 : 1);
}
try {
  const xml = generateManifest(values['base-url']);
  const problems = checkManifest(xml);
  if (problems.length) throw new Error(`The manifest fails its checks:\n  ${problems.join('\n  ')}`);
  writeFileSync(values.out!, xml);
  console.log(`Wrote ${values.out} for ${values['base-url']}. Before publishing, also run: npx office-addin-manifest validate ${values.out} (needs the internet).`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
