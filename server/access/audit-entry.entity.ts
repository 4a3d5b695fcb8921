import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Count } from '../units/scalars.js';

/**
 * One line of the audit log: a change to a record (before and after, as JSON) or a read of
 * nominal-level data (how many nominals). Written in the transaction of the change it records,
 * never updated or deleted (the database refuses both).
 */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['at'] })
@ObjectType({ description: 'Who changed or read what, and when. Nobody can change the audit log through the API.' })
export class AuditEntry {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @Property({ type: 'datetime' })
  @Field(() => GraphQLISODateTime)
  at: Opt<Date> = new Date();

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The token used; null for the hub itself (start-up, demo data, the command line).' })
  tokenId?: number | null;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'The role of the token.' })
  role!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'The mutation or query, e.g. `updateEstablishmentLine`.' })
  operation!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'The kind of record, e.g. `EstablishmentLine`.' })
  entity!: string;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true })
  entityId?: string | null;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'CREATE, UPDATE, DELETE or READ.' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The record before the change, as JSON.' })
  before?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The record after the change, as JSON.' })
  after?: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Count, { nullable: true, description: 'For reads of nominal-level data: how many nominals were returned.' })
  nominals?: number | null;
}
