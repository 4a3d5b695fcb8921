import type { MikroORM } from '@mikro-orm/core';
import { asSystem } from './caller.js';
import { Role, roleName } from './role.js';
import { ensureToken, issueDemoTokens, revokeDemoTokens } from './token.service.js';

/**
 * Tokens made at start: the admin token named by IOM_HUB_ADMIN_TOKEN (created, or kept if it
 * exists), and, when the demo data was just loaded outside production, one demo token per role.
 * A production start revokes every demo token an earlier start printed. Returns the lines to
 * print; tokens are printed only when they are made, since only hashes are kept.
 */
export async function prepareStartupTokens(orm: MikroORM, { adminToken, demo, production = false }: { adminToken?: string; demo: boolean; production?: boolean }): Promise<string[]> {
  const lines: string[] = [];
  if (production) {
    const revoked = await revokeDemoTokens(asSystem(orm.em, 'production start'));
    if (revoked) lines.push(`  production: revoked ${revoked} demo token${revoked === 1 ? '' : 's'} printed by an earlier start without NODE_ENV=production`);
  }
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
