import { Migration20261128222139 } from './Migration20261128222139.js';
import { Migration20261122203150 } from './Migration20261122203150.js';
import { Migration20261122200139 } from './Migration20261122200139.js';
/**
 * The committed PostgreSQL migrations, oldest first (the SQLite ones are in ../migrations.ts).
 * `npm run migration:create` writes a new one beside this file and adds it here.
 */
export const migrations: { name: string; class: new (...args: never[]) => unknown }[] = [
  { name: 'Migration20261122200139', class: Migration20261122200139 },
  { name: 'Migration20261122203150', class: Migration20261122203150 },
  { name: 'Migration20261128222139', class: Migration20261128222139 },
];
