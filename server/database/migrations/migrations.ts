import { Migration20261130131408 } from './Migration20261130131408.js';
import { Migration20261129153715 } from './Migration20261129153715.js';
import { Migration20261129102229 } from './Migration20261129102229.js';
import { Migration20261129100613 } from './Migration20261129100613.js';
import { Migration20261129073459 } from './Migration20261129073459.js';
import { Migration20261129000824 } from './Migration20261129000824.js';
import { Migration20261129002249 } from './Migration20261129002249.js';
import { Migration20261128222136 } from './Migration20261128222136.js';
import { Migration20261128223944 } from './Migration20261128223944.js';
import { Migration20261128220235 } from './Migration20261128220235.js';
import { Migration20261128215424 } from './Migration20261128215424.js';
import { Migration20261128213708 } from './Migration20261128213708.js';
import { Migration20261122193611 } from './Migration20261122193611.js';
import { Migration20261122180349 } from './Migration20261122180349.js';
import { Migration20261122181414 } from './Migration20261122181414.js';
import { Migration20261122175125 } from './Migration20261122175125.js';
/**
 * The committed migrations, oldest first. `npm run migration:create` writes a new one beside this
 * file and adds it here; migrations run on every start, so an existing database keeps its data.
 */
export const migrations: { name: string; class: new (...args: never[]) => unknown }[] = [
  { name: 'Migration20261122175125', class: Migration20261122175125 },
  { name: 'Migration20261122180349', class: Migration20261122180349 },
  { name: 'Migration20261122181414', class: Migration20261122181414 },
  { name: 'Migration20261122193611', class: Migration20261122193611 },
  { name: 'Migration20261128213708', class: Migration20261128213708 },
  { name: 'Migration20261128215424', class: Migration20261128215424 },
  { name: 'Migration20261128220235', class: Migration20261128220235 },
  { name: 'Migration20261128222136', class: Migration20261128222136 },
  { name: 'Migration20261128223944', class: Migration20261128223944 },
  { name: 'Migration20261129000824', class: Migration20261129000824 },
  { name: 'Migration20261129002249', class: Migration20261129002249 },
  { name: 'Migration20261129073459', class: Migration20261129073459 },
  { name: 'Migration20261129100613', class: Migration20261129100613 },
  { name: 'Migration20261129102229', class: Migration20261129102229 },
  { name: 'Migration20261129153715', class: Migration20261129153715 },
  { name: 'Migration20261130131408', class: Migration20261130131408 },
];
