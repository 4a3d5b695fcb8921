import { DEFAULT_DATABASE_URL } from '../database/database-url.js';
import { openDatabase } from '../database/database.js';
import { databaseUrlOption, parseOptions, type Command } from './command.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (the hub also does this on every start).',
  help: `Usage: npx iom-hub migrate [--database <url>] [--list]

Applies the committed migrations the database has not had yet, keeping its data.

Options:
  --database <url>  sqlite:<path> or postgres://… (default: DATABASE_URL, else ${DEFAULT_DATABASE_URL})
  --list            show applied and pending migrations without applying any`,
  async run(args) {
    const { options } = parseOptions(args, ['list']);
    const databaseUrl = databaseUrlOption(options);
    const orm = await openDatabase({ databaseUrl, migrate: false });
    try {
      const migrator = orm.getMigrator();
      if (options.list) {
        for (const m of await migrator.getExecutedMigrations()) console.log(`applied  ${m.name}`);
        for (const m of await migrator.getPendingMigrations()) console.log(`pending  ${m.name}`);
        return 0;
      }
      const applied = await migrator.up();
      console.log(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}.` : 'The database is up to date.');
      return 0;
    } finally {
      await orm.close();
    }
  },
};
