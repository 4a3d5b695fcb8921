import { BigIntType, Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Count } from '../units/scalars.js';

/**
 * One line of the audit log: a change to a record (before and after, as JSON; identity values
 * never, only which identity fields changed) or a read of nominal-level data (which nominals,
 * in audit_read_block). Written in the transaction of the change it records, never updated,
 * replaced or deleted (the database refuses), and chained to the entry before by a hash, so an
 * entry edited, replaced or removed behind the database's back is found (`npx iom-hub audit verify`).
 */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['at'] })
@ObjectType({
  description:
    'Who changed or read what, and when. Nobody can change the audit log through the API, the database refuses changes, and each entry is chained to the one before by a hash (`npx iom-hub audit verify`). Identity values (names, dates of birth, PNC ids) are never in it.',
})
export class AuditEntry {
  /** Given by the hub, one more than the entry before (the chain's order): a gap is an entry removed. */
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
  @Field(() => String, { nullable: true, description: 'The record before the change, as JSON. For a nominal\'s identity only its ids: identity values are never logged.' })
  before?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'The record after the change, as JSON. For a nominal\'s identity, its ids and `changed`: the identity fields set, changed or removed, never their values.',
  })
  after?: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Count, { nullable: true, description: 'For reads of nominal-level data: how many nominals were returned.' })
  nominals?: number | null;

  /** The partnership the changed record belongs to (its `partnership`), so a partnership's own history can be read without the rest. */
  @Property({ type: 'integer', nullable: true, index: true })
  partnershipId?: number | null;

  @Property({ type: 'boolean', nullable: true })
  @Field(() => Boolean, { nullable: true, description: 'For reads of nominal-level data: whether any identity (name, date of birth, PNC id) was in the answer.' })
  identitiesShown?: boolean | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: "SHA-256 of the entry before's hash and this entry, nominals read included: the entry's link in the chain." })
  hash?: string | null;
}

/** How many nominals one block of the audit's read sets covers: nominal `id` is bit `id % 32` of block `floor(id / 32)`. */
export const READ_BLOCK_BITS = 32;

/**
 * Which nominals a read returned, 32 ids to a row: `nominals` has bit `id % 32` set for each
 * nominal `id` of block `floor(id / 32)` returned, `identities` the same bit where its identity
 * was shown. A list of thousands of nominals is tens of rows, not thousands. "Who looked at this
 * person" is a look-up by block (then the bit); the view `audit_nominal_read` gives one row a
 * nominal read (entry_id, nominal_id, identity_shown) for plain SQL.
 */
@Entity({ tableName: 'audit_read_block' })
@Index({ properties: ['block', 'entryId'] })
export class AuditReadBlock {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  entryId!: number;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  block!: number;

  /** Bits 0–31: the nominals of the block returned (a whole number below 2³²). */
  @Property({ type: new BigIntType('number') })
  nominals!: number;

  /** Bits 0–31: those of them whose identity was shown. */
  @Property({ type: new BigIntType('number') })
  identities: Opt<number> = 0;
}
