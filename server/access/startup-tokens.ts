import type { MikroORM } from '@mikro-orm/core';
import { asSystem } from './caller.js';
import { Role, roleName } from './role.js';
import { ensureToken, issueDemoTokens } from './token.service.js';

/**
 * Tokens made at start: the admin token named by IOM_HUB_ADMIN_TOKEN (created, or kept if it
 * exists), and, when the demo data was just loaded outside production, one demo token per role.
 * Returns the lines to print; tokens are printed only when they are made, since only hashes are kept.
 */
export async function prepareStartupTokens(orm: MikroORM, { adminToken, demo }: { adminToken?: string; demo: boolean }): Promise<string[]> {
  const lines: string[] = [];
  if (adminToken) {
    const { created } = await ensureToken(asSystem(orm.em, 'IOM_HUB_ADMIN_TOKEN'), adminToken, { role: Role.ADMIN, partnerships: [], label: 'IOM_HUB_ADMIN_TOKEN' });
    lines.push(`  admin token from IOM_HUB_ADMIN_TOKEN ${created ? 'created' : 'already present'}`);
  }
  if (demo) {
    const tokens = await issueDemoTokens(asSystem(orm.em, 'demo tokens'));
    lines.push('  demo tokens (shown once; send as Authorization: Bearer <token>, or open /graphql?token=<token>):');
    for (const { role, token } of tokens) lines.push(`    ${roleName(role).padEnd(12)} ${token}${role === Role.ADMIN ? '  (every partnership)' : '  (norfolk-suffolk)'}`);
  }
  return lines;
}
