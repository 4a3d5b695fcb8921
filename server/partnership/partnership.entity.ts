import { Collection, Entity, Enum, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** A partnership that shares a cohort and its cost: `norfolk-suffolk`, `thurrock`, … */
@Entity({ tableName: 'partnership' })
@ObjectType({ description: 'An IOM partnership: police, probation, councils and others who share a cohort and its cost.' })
export class Partnership {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @Property({ type: 'string', unique: true })
  @Field(() => String, { description: 'Stable code used in queries and workbooks, e.g. `norfolk-suffolk`.' })
  code!: string;

  @Property({ type: 'string' })
  @Field(() => String)
  name!: string;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'Region or police force area.' })
  region?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The board the partnership reports to.' })
  governanceBoard?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The paper or system the partnership record comes from.' })
  source?: string | null;

  @OneToMany(() => Agency, (agency) => agency.partnership, { orderBy: { id: 'asc' } })
  agencies = new Collection<Agency>(this);

  @OneToMany(() => Hub, (hub) => hub.partnership, { orderBy: { id: 'asc' } })
  hubs = new Collection<Hub>(this);
}

export const AgencyKind = {
  POLICE: 'POLICE',
  NPS: 'NPS',
  CRC: 'CRC',
  PROBATION_TRUST: 'PROBATION_TRUST',
  LOCAL_AUTHORITY: 'LOCAL_AUTHORITY',
  COMMUNITY_SAFETY_PARTNERSHIP: 'COMMUNITY_SAFETY_PARTNERSHIP',
  OPCC: 'OPCC',
  HEALTH: 'HEALTH',
  DRUG_AND_ALCOHOL: 'DRUG_AND_ALCOHOL',
  HOUSING: 'HOUSING',
  VOLUNTARY: 'VOLUNTARY',
  PRISON: 'PRISON',
  YOT: 'YOT',
  OTHER: 'OTHER',
} as const;
export type AgencyKind = (typeof AgencyKind)[keyof typeof AgencyKind];
registerEnumType(AgencyKind, { name: 'AgencyKind', description: 'What kind of body a partner agency is (NPS: National Probation Service; CRC: Community Rehabilitation Company; OPCC: Office of the Police and Crime Commissioner; YOT: Youth Offending Team).' });

/** A member agency of a partnership: a police force, NPS, a CRC, a council, a funder. */
@Entity({ tableName: 'agency' })
@Unique({ properties: ['partnership', 'code'] })
@ObjectType({ description: 'A partner agency: employs staff, hosts posts, pays a share, or funds the partnership.' })
export class Agency {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Code unique within the partnership, e.g. `norfolk-constabulary`.' })
  code!: string;

  @Property({ type: 'string' })
  @Field(() => String)
  name!: string;

  @Enum({ items: () => AgencyKind, type: 'string' })
  @Field(() => AgencyKind)
  kind!: AgencyKind;
}

/** A co-located office or area the partnership works from (Ipswich, Norwich, …). */
@Entity({ tableName: 'hub' })
@Unique({ properties: ['partnership', 'name'] })
@ObjectType({ description: 'A co-located office or area the partnership works from.' })
export class Hub {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  @Field(() => String)
  name!: string;
}
