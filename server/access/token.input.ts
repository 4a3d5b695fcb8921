import { Field, InputType } from 'type-graphql';
import { Role } from './role.js';
import type { TokenRequest } from './token.service.js';

@InputType({ description: 'A new bearer token.' })
export class AccessTokenInput implements TokenRequest {
  @Field(() => Role)
  role!: Role;

  @Field(() => [String], { defaultValue: [], description: 'Codes of the partnerships it may see (admin tokens see every partnership).' })
  partnerships!: string[];

  @Field(() => String, { nullable: true, description: 'The last day it works, YYYY-MM-DD; omit for a token that does not expire.' })
  expires?: string | null;

  @Field(() => String, { nullable: true, description: 'Who or what it is for.' })
  label?: string | null;
}
