import { openDatabase } from '../database/database.js';
import { asSystem } from '../access/caller.js';
import { parseRole, ROLES, roleName } from '../access/role.js';
import { tokenState } from '../access/token.js';
import { issueToken, listTokens, revokeToken } from '../access/token.service.js';
import { databaseUrlOption, parseOptions, repeatedOption, type Command } from './command.js';

const usage = `Usage: npx iom-hub token create --role <role> --partnership <code> [--partnership <code> …] [--expires YYYY-MM-DD] [--label <text>]
       npx iom-hub token list
       npx iom-hub token revoke <id>

Issues, lists and revokes the bearer tokens that every request to the hub needs
(send as Authorization: Bearer <token>). A new token is printed once; the hub keeps only its hash.

Roles: ${ROLES.map(roleName).join(', ')}. Admin tokens see every partnership; the others see the
partnerships given (--partnership may be repeated, or take a comma-separated list).

Options:
  --database <url>  sqlite:<path> or postgres://… (default: DATABASE_URL, else sqlite:./data/iom-hub.sqlite)
  --expires <date>  the last day the token works (default: it does not expire)
  --label <text>    who or what the token is for

Example:
  npx iom-hub token create --role finance --partnership norfolk-suffolk --expires 2027-03-31`;

/** `--partnership a --partnership b,c` → [a, b, c] (parseOptions keeps the last of repeated options). */
function partnershipsOf(args: string[]): string[] {
  return repeatedOption(args, 'partnership')
    .flatMap((value) => value.split(','))
    .map((code) => code.trim())
    .filter(Boolean);
}

export const tokenCommand: Command = {
  name: 'token',
  summary: 'Issue, list and revoke access tokens.',
  help: usage,
  async run(args) {
    const { options, positional } = parseOptions(args);
    const [action, id] = positional;
    if (!['create', 'list', 'revoke'].includes(action ?? '')) {
      console.error(usage);
      return 2;
    }
    const databaseUrl = databaseUrlOption(options);
    const orm = await openDatabase({ databaseUrl });
    try {
      const em = asSystem(orm.em, `command line: token ${action}`);
      if (action === 'list') {
        const now = new Date();
        for (const t of await listTokens(em))
          console.log([t.id, roleName(t.role), t.partnerships.join(','), tokenState(t, now), t.expiresAt ? `expires ${t.expiresAt.toISOString()}` : 'no expiry', t.label].join('\t'));
        return 0;
      }
      if (action === 'revoke') {
        if (!id) throw new Error('Give the id of the token to revoke (see `npx iom-hub token list`).');
        const token = await revokeToken(em, id);
        console.log(`Revoked token ${token.id} (${roleName(token.role)}, ${token.label}).`);
        return 0;
      }
      const role = typeof options.role === 'string' ? parseRole(options.role) : undefined;
      if (!role) throw new Error(`--role must be one of ${ROLES.map(roleName).join(', ')}.`);
      const issued = await issueToken(em, {
        role,
        partnerships: partnershipsOf(args),
        expires: typeof options.expires === 'string' ? options.expires : null,
        label: typeof options.label === 'string' ? options.label : null,
      });
      console.log(issued.token);
      console.error(`Token ${issued.record.id}: ${roleName(role)} for ${issued.record.partnerships.join(', ')}${issued.record.expiresAt ? `, until ${issued.record.expiresAt.toISOString()}` : ''}. It is shown only now.`);
      return 0;
    } finally {
      await orm.close();
    }
  },
};
