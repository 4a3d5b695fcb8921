import { Field, Int, ObjectType } from 'type-graphql';

/**
 * What a computed figure is: its measure, the version of the measure's definition, and the
 * definition in words. Every measure result carries one (`measure`), so a number in a board paper
 * can be traced to the rule that made it; a definition that changes gets a new version.
 */
@ObjectType({ description: 'The measure a figure comes from: its name, the version of its definition and the definition itself.' })
export class MeasureDefinition {
  @Field(() => String, { description: 'The measure, e.g. `Cohort snapshot`.' })
  name!: string;

  @Field(() => Int, { description: 'The version of the definition; a figure worked out under another version may differ.' })
  version!: number;

  @Field(() => String)
  definition!: string;
}

export function measureDefinition(name: string, version: number, definition: string): MeasureDefinition {
  return Object.freeze(Object.assign(new MeasureDefinition(), { name, version, definition }));
}
