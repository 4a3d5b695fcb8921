import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Versioned } from '../../db/versioned.js';
import { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { Agency, Partnership } from '../../partnership/partnership.entity.js';
import { optionalPenceToPounds, penceToPounds } from '../../money/pence.js';
import { fromHundredths, optionalFromHundredths } from '../../money/hundredths.js';
import { Label } from '../../units/label.js';
import { Count, Fte, Money, Percent } from '../../units/scalars.js';
import { budgetSourceOf, budgetWorking, type BudgetParts, type BudgetSource } from './establishment.js';

export const BudgetSourceKind = { DERIVED: 'DERIVED', ENTERED: 'ENTERED', NOT_COSTED: 'NOT_COSTED' } as const satisfies Record<BudgetSource, BudgetSource>;
registerEnumType(BudgetSourceKind, { name: 'BudgetSource', description: 'Whether a line\'s budget is worked out from its parts, typed in, or not given.' });

export const EstablishmentLineKind = { POST: 'POST', ALLOWANCES: 'ALLOWANCES', OVERTIME: 'OVERTIME' } as const;
export type EstablishmentLineKind = (typeof EstablishmentLineKind)[keyof typeof EstablishmentLineKind];
registerEnumType(EstablishmentLineKind, {
  name: 'EstablishmentLineKind',
  description: 'POST: established posts of a rank or scale (with FTE); ALLOWANCES and OVERTIME: pay budgets with no FTE of their own.',
});

/** One line of a staffing establishment: a rank or scale, its FTE and its baseline budget. */
@Entity({ tableName: 'establishment_line' })
@Unique({ properties: ['partnership', 'reference'] })
@ObjectType({ description: 'A line of the staffing establishment: rank or scale, FTE, and baseline budget inclusive of on-costs and abatement.' })
export class EstablishmentLine extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @ManyToOne(() => FinancialYear)
  year!: FinancialYear;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Position in the establishment table.' })
  @Label('Position')
  position!: number;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Rank or scale, e.g. `Constable`, `Staff Scale 4`, `Allowances`.' })
  grade!: string;

  @Enum({ items: () => EstablishmentLineKind, type: 'string' })
  @Field(() => EstablishmentLineKind)
  kind!: EstablishmentLineKind;

  @ManyToOne(() => Agency, { nullable: true, deleteRule: 'set null' })
  employingAgency?: Agency | null;

  @Property({ type: 'integer' })
  fteHundredths!: number;

  @Property({ type: 'integer', nullable: true })
  budgetPence?: number | null;

  @Property({ type: 'integer', nullable: true })
  onCostBasisPoints?: number | null;

  @Property({ type: 'integer', nullable: true })
  abatementBasisPoints?: number | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'How the budget was set, e.g. "budgeted at bottom of scale for 3 FTE as vacant posts".' })
  budgetBasis?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The pay point the cost per FTE is for, e.g. `Sergeant point 2`.' })
  payPoint?: string | null;

  /** Pay of one FTE before on-costs; with it the budget is worked out from the line's parts. */
  @Property({ type: 'integer', nullable: true })
  costPerFtePence?: number | null;

  @Property({ type: 'integer', nullable: true })
  vacantFteHundredths?: number | null;

  @Property({ type: 'integer', nullable: true })
  vacantCostPerFtePence?: number | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'How the vacant posts are budgeted, e.g. "vacant: budgeted at the bottom of the scale".' })
  vacancyBasis?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Where the figure comes from (paper and section).' })
  source?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The partnership\'s own reference for the line (imports update by it).' })
  reference?: string | null;

  @Field(() => String, { description: 'Financial year, e.g. `2014/15`.' })
  get financialYear(): string {
    return this.year.label;
  }

  @Field(() => Fte, { description: 'Established full-time equivalent posts (0 for allowances and overtime).' })
  @Label('Established posts')
  get fte(): number {
    return fromHundredths(this.fteHundredths);
  }

  @Field(() => Money, { nullable: true, description: 'Baseline budget in pounds, inclusive of on-costs and abatement; null when not costed.' })
  @Label('Budget')
  get budget(): number | null {
    return optionalPenceToPounds(this.budgetPence);
  }

  @Field(() => Percent, { nullable: true, description: 'On-cost assumption in percent (e.g. 25 for 25%), where recorded.' })
  @Label('On-costs')
  get onCostPercent(): number | null {
    return optionalFromHundredths(this.onCostBasisPoints);
  }

  @Field(() => Percent, { nullable: true, description: 'Pay abatement in percent (Norfolk & Suffolk abate staff pay at 3%), where recorded.' })
  @Label('Pay abatement')
  get abatementPercent(): number | null {
    return optionalFromHundredths(this.abatementBasisPoints);
  }

  @Field(() => Money, { nullable: true, description: 'Pay of one FTE in pounds before on-costs (at `payPoint`); with it the hub works out the budget.' })
  get costPerFte(): number | null {
    return optionalPenceToPounds(this.costPerFtePence);
  }

  @Field(() => Fte, { nullable: true, description: 'Of the established FTE, how many are vacant.' })
  get vacantFte(): number | null {
    return optionalFromHundredths(this.vacantFteHundredths);
  }

  @Field(() => Money, { nullable: true, description: 'What a vacant FTE is budgeted at, in pounds before on-costs (e.g. the bottom of the scale); null: the same as `costPerFte`.' })
  get vacantCostPerFte(): number | null {
    return optionalPenceToPounds(this.vacantCostPerFtePence);
  }

  @Field(() => BudgetSourceKind, { description: 'DERIVED: worked out from the parts (FTE, cost per FTE, vacancies, on-cost, abatement); ENTERED: typed in; NOT_COSTED: no budget.' })
  get budgetSource(): BudgetSource {
    return budgetSourceOf(this);
  }

  @Field(() => String, { nullable: true, description: 'How a derived budget is worked out, e.g. `2.00 FTE × £30,000.00 × 125% on-costs × 97% (3% abatement) = £72,750.00`.' })
  get budgetWorking(): string | null {
    return this.budgetSource === 'DERIVED' ? budgetWorking(this as BudgetParts) : null;
  }
}

export const NonPayCategory = {
  VEHICLES: 'VEHICLES',
  TRACKING_DEVICES: 'TRACKING_DEVICES',
  CASE_MANAGEMENT_LICENCES: 'CASE_MANAGEMENT_LICENCES',
  PREMISES: 'PREMISES',
  DRUG_TESTING: 'DRUG_TESTING',
  OPERATIONAL_FUND: 'OPERATIONAL_FUND',
  OTHER: 'OTHER',
} as const;
export type NonPayCategory = (typeof NonPayCategory)[keyof typeof NonPayCategory];
registerEnumType(NonPayCategory, { name: 'NonPayCategory', description: 'What a non-pay cost is for.' });

/** A non-pay cost: vehicles (12 × £800 insurance), tracking devices, licences, premises. */
@Entity({ tableName: 'non_pay_line' })
@Unique({ properties: ['partnership', 'reference'] })
@ObjectType({ description: 'A non-pay cost of the partnership for a year: vehicles, tracking devices, licences, premises.' })
export class NonPayLine extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @ManyToOne(() => FinancialYear)
  year!: FinancialYear;

  @Enum({ items: () => NonPayCategory, type: 'string' })
  @Field(() => NonPayCategory)
  category!: NonPayCategory;

  @Property({ type: 'string' })
  @Field(() => String)
  description!: string;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Count, { nullable: true, description: 'How many units (e.g. 12 vehicles), when costed per unit.' })
  @Label('Quantity')
  quantity?: number | null;

  @Property({ type: 'integer', nullable: true })
  unitCostPence?: number | null;

  @Property({ type: 'integer' })
  amountPence!: number;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Where the figure comes from (paper and section).' })
  source?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The partnership\'s own reference for the line (imports update by it).' })
  reference?: string | null;

  @Field(() => String)
  get financialYear(): string {
    return this.year.label;
  }

  @Field(() => Money, { nullable: true, description: 'Cost per unit in pounds, when costed per unit.' })
  @Label('Unit cost')
  get unitCost(): number | null {
    return optionalPenceToPounds(this.unitCostPence);
  }

  @Field(() => Money, { description: 'Cost for the year in pounds.' })
  @Label('Amount')
  get amount(): number {
    return penceToPounds(this.amountPence);
  }
}
