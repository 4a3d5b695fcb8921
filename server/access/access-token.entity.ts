import { Entity, Enum, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { Role } from './role.js';

/** A bearer token. Only its SHA-256 hash is stored: the token itself is shown once, when it is issued. */
@Entity({ tableName: 'access_token' })
@ObjectType({ description: 'A bearer token: its role, the partnerships it may see, and whether it still works. The token itself is never shown again.' })
export class AccessToken {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @Property({ type: 'string', unique: true, hidden: true })
  hash!: string;

  @Enum({ items: () => Role, type: 'string' })
  @Field(() => Role)
  role!: Role;

  /** Partnership codes, comma-separated; `*` for every partnership (admin tokens). */
  @Property({ type: 'text' })
  partnershipCodes!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Who or what the token is for.' })
  label!: string;

  @Property({ type: 'datetime' })
  @Field(() => GraphQLISODateTime)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'The token stops working at this moment; null: never.' })
  expiresAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'Printed by a start with demo data; a production start revokes it.' })
  demo: Opt<boolean> = false;

  @Field(() => [String], { description: 'Codes of the partnerships the token may see; `*` for every partnership.' })
  get partnerships(): Opt<string[]> {
    return this.partnershipCodes.split(',').filter(Boolean);
  }
}
