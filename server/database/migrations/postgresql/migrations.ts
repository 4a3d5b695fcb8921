import { Migration20261130144500 } from './Migration20261130144500.js';
import { Migration20261130131410 } from './Migration20261130131410.js';
import { Migration20261130110000 } from './Migration20261130110000.js';
import { Migration20261129153717 } from './Migration20261129153717.js';
import { Migration20261129102236 } from './Migration20261129102236.js';
import { Migration20261129100616 } from './Migration20261129100616.js';
import { Migration20261129073501 } from './Migration20261129073501.js';
import { Migration20261129000834 } from './Migration20261129000834.js';
import { Migration20261129002254 } from './Migration20261129002254.js';
import { Migration20261128222139 } from './Migration20261128222139.js';
import { Migration20261128223946 } from './Migration20261128223946.js';
import { Migration20261128220241 } from './Migration20261128220241.js';
import { Migration20261128215428 } from './Migration20261128215428.js';
import { Migration20261128213712 } from './Migration20261128213712.js';
import { Migration20261122203150 } from './Migration20261122203150.js';
import { Migration20261122200139 } from './Migration20261122200139.js';
/**
 * The committed PostgreSQL migrations, oldest first (the SQLite ones are in ../migrations.ts).
 * `npm run migration:create` writes a new one beside this file and adds it here.
 */
export const migrations: { name: string; class: new (...args: never[]) => unknown }[] = [
  { name: 'Migration20261122200139', class: Migration20261122200139 },
  { name: 'Migration20261122203150', class: Migration20261122203150 },
  { name: 'Migration20261128213712', class: Migration20261128213712 },
  { name: 'Migration20261128215428', class: Migration20261128215428 },
  { name: 'Migration20261128220241', class: Migration20261128220241 },
  { name: 'Migration20261128222139', class: Migration20261128222139 },
  { name: 'Migration20261128223946', class: Migration20261128223946 },
  { name: 'Migration20261129000834', class: Migration20261129000834 },
  { name: 'Migration20261129002254', class: Migration20261129002254 },
  { name: 'Migration20261129073501', class: Migration20261129073501 },
  { name: 'Migration20261129100616', class: Migration20261129100616 },
  { name: 'Migration20261129102236', class: Migration20261129102236 },
  { name: 'Migration20261129153717', class: Migration20261129153717 },
  { name: 'Migration20261130110000', class: Migration20261130110000 },
  { name: 'Migration20261130131410', class: Migration20261130131410 },
  { name: 'Migration20261130144500', class: Migration20261130144500 },
];
