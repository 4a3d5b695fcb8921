import { Field, Float, InputType, Int } from 'type-graphql';
import { EstablishmentLineKind, NonPayCategory, type EstablishmentLine, type NonPayLine } from './establishment-line.entity.js';

type LineText = Pick<EstablishmentLine, 'grade' | 'kind' | 'budgetBasis' | 'notes' | 'source'>;

@InputType({ description: 'A line of the establishment. Money in pounds, FTE and percentages as numbers with at most two decimals.' })
export class EstablishmentLineInput implements LineText {
  @Field(() => String, { description: 'Rank or scale, e.g. `Constable`.' })
  grade!: string;

  @Field(() => EstablishmentLineKind, { defaultValue: EstablishmentLineKind.POST })
  kind!: EstablishmentLineKind;

  @Field(() => String, { nullable: true, description: 'Code of the employing agency, e.g. `norfolk-constabulary`.' })
  employingAgency?: string | null;

  @Field(() => Float, { defaultValue: 0, description: 'Established FTE (0 for allowances and overtime).' })
  fte!: number;

  @Field(() => Float, { nullable: true, description: 'Baseline budget in pounds, inclusive of on-costs and abatement; omit if not costed.' })
  budget?: number | null;

  @Field(() => Float, { nullable: true })
  onCostPercent?: number | null;

  @Field(() => Float, { nullable: true })
  abatementPercent?: number | null;

  @Field(() => String, { nullable: true })
  budgetBasis?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;

  @Field(() => Int, { nullable: true, description: 'Position in the table; by default after the last line.' })
  position?: number | null;
}

@InputType({ description: 'A non-pay cost. Give `amount`, or `quantity` and `unitCost` (amount = quantity × unit cost), or all three if they agree.' })
export class NonPayLineInput implements Pick<NonPayLine, 'category' | 'description' | 'notes' | 'source'> {
  @Field(() => NonPayCategory)
  category!: NonPayCategory;

  @Field(() => String)
  description!: string;

  @Field(() => Int, { nullable: true })
  quantity?: number | null;

  @Field(() => Float, { nullable: true, description: 'Cost per unit in pounds.' })
  unitCost?: number | null;

  @Field(() => Float, { nullable: true, description: 'Cost for the year in pounds.' })
  amount?: number | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}
