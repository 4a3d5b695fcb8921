import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { fromHundredths } from '../money/hundredths.js';
import { penceToPounds } from '../money/pence.js';
import { Label } from '../units/label.js';
import { Count, Fte, Money } from '../units/scalars.js';

/** A modelled plan a finance officer chose to keep: its inputs and headline results. */
@Entity({ tableName: 'saved_scenario' })
@ObjectType({ description: 'A scenario a finance officer saved: its name, its inputs and its headline results when saved.' })
export class SavedScenario {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @ManyToOne(() => FinancialYear)
  year!: FinancialYear;

  @Property({ type: 'string' })
  @Field(() => String)
  name!: string;

  @Property({ type: 'json' })
  input!: Record<string, unknown>;

  @Property({ type: 'integer' })
  @Field(() => Count)
  @Label('Cohort target')
  cohortTarget!: number;

  @Property({ type: 'integer' })
  totalFteHundredths!: number;

  @Property({ type: 'integer' })
  plannedCostPence!: number;

  @Property({ type: 'integer' })
  fundingGapPence!: number;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  @Field(() => GraphQLISODateTime)
  savedAt: Date = new Date();

  @Field(() => String)
  get financialYear(): string {
    return this.year.label;
  }

  @Field(() => String, { description: 'The scenario input as saved (JSON), to re-run it with the `scenario` query.' })
  get inputJson(): string {
    return JSON.stringify(this.input);
  }

  @Field(() => Fte)
  @Label('Total posts')
  get totalFte(): number {
    return fromHundredths(this.totalFteHundredths);
  }

  @Field(() => Money)
  @Label('Planned cost')
  get plannedCost(): number {
    return penceToPounds(this.plannedCostPence);
  }

  @Field(() => Money)
  @Label('Funding gap')
  get fundingGap(): number {
    return penceToPounds(this.fundingGapPence);
  }
}
