import { Field, ObjectType } from 'type-graphql';
import { AccessToken } from './access-token.entity.js';
import type { Caller } from './caller.js';
import type { IssuedTokenView } from './token.service.js';
import { Role } from './role.js';
import { Count } from '../units/scalars.js';

@ObjectType({ description: 'A token just issued. `token` is shown this once: the hub keeps only its hash.' })
export class IssuedToken {
  @Field(() => String, { description: 'Send it as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => AccessToken)
  accessToken!: AccessToken;

  static from(view: IssuedTokenView): IssuedToken {
    return Object.assign(new IssuedToken(), { token: view.token, accessToken: view.record });
  }
}

@ObjectType({ description: 'The token making this request: its role and the partnerships it may see.' })
export class Viewer {
  @Field(() => Role)
  role!: Role;

  @Field(() => [String], { description: 'Codes of the partnerships this token may see.' })
  partnerships!: string[];

  @Field(() => Count, { description: 'Counts under this are suppressed in aggregates (0: none; 5 for board tokens).' })
  suppressCountsBelow!: number;

  static from(caller: Caller, partnershipCodes: string[]): Viewer {
    return Object.assign(new Viewer(), { role: caller.role, partnerships: partnershipCodes, suppressCountsBelow: caller.suppressCountsBelow });
  }
}
