import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { listPartnerships } from '../partnership/partnership.service.js';
import { AccessToken } from './access-token.entity.js';
import { AccessTokenInput } from './token.input.js';
import { IssuedToken, Viewer } from './token.types.js';
import { issueToken, listTokens, revokeToken } from './token.service.js';

@Resolver()
export class AccessResolver {
  @Query(() => Viewer, { description: 'The token making this request: role and partnerships.' })
  async viewer(@Ctx() { em, caller }: HubContext): Promise<Viewer> {
    return Viewer.from(caller, (await listPartnerships(em)).map((p) => p.code));
  }

  @Query(() => [AccessToken], { description: 'Every token issued, revoked and expired ones included (admin only).' })
  accessTokens(@Ctx() { em }: HubContext): Promise<AccessToken[]> {
    return listTokens(em);
  }

  @Mutation(() => IssuedToken, { description: 'Issues a token (admin only). The token is in the answer once and never again.' })
  async createAccessToken(@Arg('input', () => AccessTokenInput) input: AccessTokenInput, @Ctx() { em }: HubContext): Promise<IssuedToken> {
    return IssuedToken.from(await issueToken(em, input));
  }

  @Mutation(() => AccessToken, { description: 'Revokes a token at once (admin only).' })
  revokeAccessToken(@Arg('id', () => ID) id: string, @Ctx() { em }: HubContext): Promise<AccessToken> {
    return revokeToken(em, id);
  }
}
