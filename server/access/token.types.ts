import { Field, ObjectType } from 'type-graphql';
import { disclosureFor } from '../disclosure/small-counts.js';
import { AccessToken } from './access-token.entity.js';
import type { Caller } from './caller.js';
import { HUB_POLICY } from './policy.js';
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

  @Field(() => Count, {
    description: 'No count from 1 to this − 1 is shown as counted in the measures (0: counts as counted; 5 for board tokens, which see counts rounded to base 5: see countsRoundedTo).',
  })
  suppressCountsBelow!: number;

  @Field(() => Count, {
    description:
      'Counts in the measures are multiples of this: 1, as counted; 5 for board tokens, whose rates, averages and costs are then worked out from the rounded counts and whose dates are taken to month ends (README, "Disclosure control").',
  })
  countsRoundedTo!: number;

  @Field(() => [String], { description: 'The mutations this token\'s role may call, e.g. `agreeCostShare`, so a client offers only what will be allowed.' })
  mutations!: string[];

  static from(caller: Caller, partnershipCodes: string[]): Viewer {
    const { roundTo } = disclosureFor(caller);
    const mutations = Object.entries(HUB_POLICY.operations)
      .filter(([name, rule]) => name.startsWith('Mutation.') && rule.roles.includes(caller.role))
      .map(([name]) => name.slice('Mutation.'.length))
      .sort();
    return Object.assign(new Viewer(), { role: caller.role, partnerships: partnershipCodes, suppressCountsBelow: roundTo > 1 ? roundTo : 0, countsRoundedTo: roundTo, mutations });
  }
}
