import type { EntityManager } from '@mikro-orm/core';
import { AccessToken } from './access-token.entity.js';
import { callerOf } from './caller.js';

/** Who is asking, in words: their token's label, or the hub itself and what it is doing (`the hub (command line: refresh pack.xlsx)`). */
export async function callerLabel(em: EntityManager): Promise<string> {
  const { tokenId, operation } = callerOf(em);
  if (tokenId === null) return `the hub (${operation})`;
  return (await em.findOne(AccessToken, { id: tokenId }))?.label || `token ${tokenId}`;
}
