import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { openDatabase } from '../database/database.js';
import { asSystem } from '../access/caller.js';
import { hubSchema } from '../schema.js';
import { checkLibrary, describeFailures } from '../reports/check-reports.js';
import { databaseUrlOption, parseOptions, type Command } from './command.js';

const usage = `Usage: npx iom-hub reports check [--schema <schema.graphql>] [--database <url> | --built-in]

Checks every report in the library (the built-in ones, every published version) and every query a
workbook's binding has run against the schema, and lists the workbooks each failure would break.
Exits with 1 when any fails. Give a changed schema file to see what a change would break before
you deploy it.

Options:
  --schema <file>   the schema to check against, as SDL (default: this hub's own)
  --database <url>  the hub's database (default: DATABASE_URL, else sqlite:./data/iom-hub.sqlite)
  --built-in        check only the built-in reports (no database)

Example:
  npx iom-hub reports check --schema schema/schema.graphql`;

export const reportsCommand: Command = {
  name: 'reports',
  summary: 'Check every report and workbook query in use against a schema (reports check).',
  help: usage,
  async run(args) {
    const { options, positional } = parseOptions(args, ['built-in']);
    if (positional[0] !== 'check') {
      console.error(usage);
      return 2;
    }
    if (options.schema === true) throw new Error('--schema needs a file.');
    let schema: GraphQLSchema;
    try {
      schema = typeof options.schema === 'string' ? buildSchema(readFileSync(options.schema, 'utf8')) : hubSchema();
    } catch (error) {
      throw new Error(`${options.schema}: ${(error as Error).message}`);
    }
    const orm = options['built-in'] ? null : await openDatabase({ databaseUrl: databaseUrlOption(options) });
    try {
      const { checked, failures } = await checkLibrary(schema, orm ? asSystem(orm.em, 'command line: reports check') : undefined);
      for (const line of describeFailures(failures)) console.log(line);
      const against = typeof options.schema === 'string' ? options.schema : "the hub's schema";
      console.log(failures.length ? `${failures.length} of ${checked} fail against ${against}.` : `All ${checked} hold against ${against}.`);
      return failures.length ? 1 : 0;
    } finally {
      await orm?.close();
    }
  },
};
