import { Field, Float, InputType, Int } from 'type-graphql';
import { sheetRowOf } from '../sheet/sheet.types.js';
import type { Patch } from '../../db/fields.js';
import { EstablishmentLineKind, NonPayCategory, type EstablishmentLine, type NonPayLine } from './establishment-line.entity.js';

type LineText = Patch<Pick<EstablishmentLine, 'grade' | 'kind' | 'budgetBasis' | 'payPoint' | 'vacancyBasis' | 'notes' | 'source'>>;

@InputType({
  description:
    'A line of the establishment. Money in pounds, FTE and percentages as numbers with at most two decimals. Adding a line needs `grade`; ' +
    'an update changes only the fields it sends, and null clears a field.',
})
export class EstablishmentLineInput implements LineText {
  @Field(() => String, { nullable: true, description: 'Rank or scale, e.g. `Constable`; needed to add a line.' })
  grade?: string | null;

  @Field(() => EstablishmentLineKind, { nullable: true, description: 'POST when a new line does not say.' })
  kind?: EstablishmentLineKind | null;

  @Field(() => String, { nullable: true, description: 'Code of the employing agency, e.g. `norfolk-constabulary`.' })
  employingAgency?: string | null;

  @Field(() => Float, { nullable: true, description: 'Established FTE (0 for allowances and overtime); 0 when a new line does not say.' })
  fte?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Baseline budget in pounds, inclusive of on-costs and abatement; omit if not costed, or give `costPerFte` and the hub works it out.',
  })
  budget?: number | null;

  @Field(() => String, { nullable: true, description: 'The pay point the cost per FTE is for, e.g. `Sergeant point 2`.' })
  payPoint?: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Pay of one FTE in pounds before on-costs. With it the budget is worked out: (filled FTE × costPerFte + vacant FTE × vacantCostPerFte) × ' +
      '(1 + onCostPercent) × (1 − abatementPercent), rounded to the penny once. Null types the budget in.',
  })
  costPerFte?: number | null;

  @Field(() => Float, { nullable: true, description: 'Of the FTE, how many are vacant.' })
  vacantFte?: number | null;

  @Field(() => Float, { nullable: true, description: 'What a vacant FTE is budgeted at, in pounds before on-costs (e.g. the bottom of the scale); null: as `costPerFte`.' })
  vacantCostPerFte?: number | null;

  @Field(() => String, { nullable: true, description: 'How vacant posts are budgeted, e.g. "vacant: budgeted at the bottom of the scale".' })
  vacancyBasis?: string | null;

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

@InputType({
  description:
    'A non-pay cost. Give `amount`, or `quantity` and `unitCost` (amount = quantity × unit cost), or all three if they agree. Adding one needs ' +
    '`category` and `description`; an update changes only the fields it sends, and null clears a field.',
})
export class NonPayLineInput implements Patch<Pick<NonPayLine, 'category' | 'description' | 'notes' | 'source'>> {
  @Field(() => NonPayCategory, { nullable: true })
  category?: NonPayCategory | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

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

@InputType({ description: 'A line of an edited establishment sheet: `id` and `expectedVersion` for a line the sheet was read with (send only what changed, or every field), neither for a new line.' })
export class EstablishmentSheetLineInput extends sheetRowOf(EstablishmentLineInput) {}

@InputType({ description: 'A line of an edited non-pay sheet: `id` and `expectedVersion` for a line the sheet was read with, neither for a new line.' })
export class NonPaySheetLineInput extends sheetRowOf(NonPayLineInput) {}
