import { resolve } from 'node:path';
import { parseOptions, type Command } from './command.js';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Generate a national-size benchmark database (bench generate --scale S|M|L), or copy one into PostgreSQL.',
  help: `Usage: npx iom-hub bench generate --scale S|M|L [--db <file>] [--seed <n>]
       npx iom-hub bench load-postgresql --db <file> --url postgres://…/<database> [--replace]

Creates a SQLite file by the hub's migrations and fills it with a deterministic, skewed data set:
S 10,000 nominals / 100,000 offences; M 43 forces, 300 partnerships, 100,000 nominals, 2,000,000
offences; L 1,000,000 nominals, 20,000,000 offences; finance for every partnership and year.
Prints rows per second as it goes. Run the benchmark on it with \`npm run bench -- --scale M\`.

Options:
  --scale S|M|L  the size (XS: a small S-shaped set for quick checks)
  --db <file>    where to write it (default bench/data/<scale>.sqlite); an existing file is replaced
  --seed <n>     the generator's seed (default 7)

load-postgresql copies a generated file into a new PostgreSQL database (made and migrated by the
hub's own PostgreSQL migrations; --replace drops an existing one first), by COPY, then vacuums and
analyses it: \`npm run bench -- --scale L --database-url <url>\` then runs the hub on PostgreSQL and
checks its answers against the floor on the SQLite file.`,
  async run(args) {
    const { options, positional } = parseOptions(args, ['replace']);
    if (positional[0] === 'load-postgresql') {
      if (typeof options.db !== 'string' || typeof options.url !== 'string') { console.error('bench load-postgresql needs --db <file> and --url postgres://…/<database>.'); return 2; }
      const { loadIntoPostgresql } = await import('../../bench/load-postgresql.js');
      console.log(`Loading ${resolve(options.db)} into PostgreSQL`);
      await loadIntoPostgresql(resolve(options.db), options.url, { replace: options.replace === true });
      return 0;
    }
    if (positional[0] !== 'generate') { console.error(benchCommand.help); return 2; }
    const { SCALES, generate } = await import('../../bench/generate.js');
    const scale = SCALES[String(options.scale ?? 'S').toUpperCase()];
    if (!scale) { console.error(`--scale must be one of ${Object.keys(SCALES).join(', ')}.`); return 2; }
    const file = resolve(typeof options.db === 'string' ? options.db : `bench/data/${scale.name}.sqlite`);
    console.log(`Generating scale ${scale.name} into ${file}`);
    await generate(file, scale, { seed: options.seed ? Number(options.seed) : 7 });
    return 0;
  },
};
