import { resolve } from 'node:path';
import { backupDatabase } from '../database/backup.js';
import { DEFAULT_DATABASE_URL } from '../database/database-url.js';
import { databaseFileOption, parseOptions, type Command } from './command.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Copy the database to a file, safely, while the hub keeps serving.',
  help: `Usage: npx iom-hub backup <file> [--database <url>] [--force]

Writes a consistent copy of the hub's database to <file> (SQLite VACUUM INTO: a snapshot of the
last committed change, taken without stopping the hub or its writers), checks the copy with
PRAGMA integrity_check, and only then puts it in place.

Options:
  --database <url>  sqlite:<path> (SQLite only; on PostgreSQL use pg_dump / pg_restore) (default: DATABASE_URL, else ${DEFAULT_DATABASE_URL})
  --force           replace <file> if it exists

Example:
  npx iom-hub backup backups/iom-hub-$(date +%F).sqlite`,
  async run(args) {
    const { options, positional } = parseOptions(args, ['force']);
    if (positional.length !== 1) {
      console.error('Give one file to write the backup to, e.g. npx iom-hub backup backups/iom-hub.sqlite');
      return 2;
    }
    const source = databaseFileOption(options);
    const summary = await backupDatabase(source, resolve(positional[0]), { force: options.force === true });
    console.log(`Backed up ${source} to ${summary.file} (${summary.bytes} bytes, integrity ok, schema ${summary.migration}).`);
    return 0;
  },
};
