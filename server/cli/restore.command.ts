import { resolve } from 'node:path';
import { restoreDatabase } from '../database/backup.js';
import { DEFAULT_DATABASE_URL } from '../database/database-url.js';
import { databaseFileOption, parseOptions, type Command } from './command.js';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Replace the database with a backup (stop the hub first).',
  help: `Usage: npx iom-hub restore <file> [--database <url>] [--force]

Checks the backup <file> (PRAGMA integrity_check, and that it is an IOM Hub database), then
replaces the hub's database with it. Stop the hub first: the command refuses while a running hub
has the database open. On its next start the hub applies any migrations newer than the backup,
keeping the restored data.

Options:
  --database <url>  sqlite:<path> to replace (SQLite only; on PostgreSQL use pg_dump / pg_restore) (default: DATABASE_URL, else ${DEFAULT_DATABASE_URL})
  --force           replace it even if it looks in use (a hub that still has it open keeps writing
                    to the old file until restarted)

Example:
  npx iom-hub restore backups/iom-hub-2026-11-22.sqlite && npm start`,
  async run(args) {
    const { options, positional } = parseOptions(args, ['force']);
    if (positional.length !== 1) {
      console.error('Give the backup file to restore, e.g. npx iom-hub restore backups/iom-hub.sqlite');
      return 2;
    }
    const target = databaseFileOption(options);
    const summary = await restoreDatabase(resolve(positional[0]), target, { force: options.force === true });
    console.log(`Restored ${target} from ${resolve(positional[0])} (${summary.bytes} bytes, integrity ok, schema ${summary.migration}).`);
    return 0;
  },
};
