import { Field, InputType } from 'type-graphql';
import { AgencyKind, type Agency, type Partnership } from './partnership.entity.js';
import type { PartnershipFields } from './partnership.service.js';

@InputType({ description: 'A new partnership.' })
export class PartnershipInput implements PartnershipFields, Partial<Pick<Partnership, 'code' | 'name'>> {
  @Field(() => String, { description: 'Lower-case letters, digits and hyphens, e.g. `norfolk-suffolk`.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  governanceBoard?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}

@InputType({ description: 'A new member agency of a partnership.' })
export class AgencyInput implements Pick<Agency, 'code' | 'name' | 'kind'> {
  @Field(() => String, { description: 'Unique within the partnership, e.g. `norfolk-constabulary`.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AgencyKind)
  kind!: AgencyKind;
}
