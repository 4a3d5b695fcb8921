import { openDatabase } from '../database/database.js';
import { DEFAULT_DATABASE_URL } from '../database/database-url.js';
import { verifyAuditChain } from '../access/audit-chain.js';
import { asSystem } from '../access/caller.js';
import { databaseUrlOption, parseOptions, type Command } from './command.js';

const usage = `Usage: npx iom-hub audit verify [--database <url>] [--expect-head <id>:<hash>]

Checks the audit log's chain: every entry is linked to the one before by a SHA-256 hash of that
entry's hash and its own content (the nominals a read returned included). Names the first entry
that was edited, replaced or removed behind the hub's back and exits with 1; exits with 0 and
prints the head (the last entry, <id>:<hash>, on the last line) when the chain is intact.

Someone who can write the database could rewrite the chain from an edited entry to the end, or
remove entries from the end. Keep each run's head somewhere they cannot write (the output of a
scheduled run, kept elsewhere, is enough) and give it to the next run with --expect-head: the
entry it names must still be there with the same hash.

Options:
  --database <url>          sqlite:<path> or postgres://… (default: DATABASE_URL, else ${DEFAULT_DATABASE_URL})
  --expect-head <id>:<hash> the head an earlier run printed

Example (daily, keeping the heads on another machine's share):
  npx iom-hub audit verify --expect-head "$(tail -1 /mnt/elsewhere/audit-heads)" | tail -1 >> /mnt/elsewhere/audit-heads`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Check that no audit log entry was edited, replaced or removed.',
  help: usage,
  async run(args) {
    const { options, positional } = parseOptions(args);
    if (positional[0] !== 'verify') {
      console.error(usage);
      return 2;
    }
    const orm = await openDatabase({ databaseUrl: databaseUrlOption(options), migrate: false });
    try {
      const pending = await orm.getMigrator().getPendingMigrations();
      if (pending.length) throw new Error(`The database has ${pending.length} migrations to apply first (npx iom-hub migrate).`);
      const expectHead = typeof options['expect-head'] === 'string' ? options['expect-head'] : undefined;
      if (expectHead !== undefined && !/^\d+:[0-9a-f]{64}$/.test(expectHead)) throw new Error('--expect-head must be <id>:<hash>, as an earlier run printed it.');
      const report = await verifyAuditChain(asSystem(orm.em, 'command line: audit verify'), { expectHead });
      if (report.problem) {
        console.log(`The audit log has been tampered with: ${report.problem}`);
        return 1;
      }
      console.log(`The audit log is intact: ${report.entries} entries, each chained to the one before.${report.head ? ' Its head (the last entry, id:hash):' : ''}`);
      if (report.head) console.log(report.head);
      return 0;
    } finally {
      await orm.close();
    }
  },
};
