import { DateTimeType, Property } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';

/**
 * Every editable record carries a version. An update names the version it was made from; if the
 * record has moved on, the update is refused with CONFLICT instead of overwriting a newer change.
 */
@ObjectType()
export abstract class Versioned {
  @Property({ type: 'integer', version: true })
  @Field(() => Int, { description: 'Starts at 1 and increases with every change. Send it back as `expectedVersion` when you update.' })
  version!: number;

  @Property({ type: DateTimeType, onCreate: () => new Date(), onUpdate: () => new Date() })
  @Field(() => GraphQLISODateTime, { description: 'When the record last changed.' })
  updatedAt!: Date;
}
