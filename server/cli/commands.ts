import type { Command } from './command.js';
import { migrateCommand } from './migrate.command.js';
import { backupCommand } from './backup.command.js';
import { restoreCommand } from './restore.command.js';
import { tokenCommand } from './token.command.js';
import { importCommand } from './import.command.js';
import { exportCommand } from './export.command.js';
import { refreshCommand } from './refresh.command.js';
import { benchCommand } from './bench.command.js';
import { auditCommand } from './audit.command.js';

/** Every command of `npx iom-hub`, in the order `--help` lists them. */
export const commands: Command[] = [
  migrateCommand,
  tokenCommand,
  auditCommand,
  backupCommand,
  restoreCommand,
  importCommand,
  exportCommand,
  refreshCommand,
  benchCommand,
];
