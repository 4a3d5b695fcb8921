import { Collection, Entity, Enum, ManyToOne, OneToMany, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { Versioned } from '../../db/versioned.js';
import { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { Agency, Partnership } from '../../partnership/partnership.entity.js';
import type { CostShareBasis as Basis } from './cost-share.js';

export const CostShareBasis = {
  FIXED_PERCENTAGES: 'FIXED_PERCENTAGES',
  PRO_RATA_COHORT: 'PRO_RATA_COHORT',
  PRO_RATA_FTE_HOSTED: 'PRO_RATA_FTE_HOSTED',
  PRO_RATA_POPULATION: 'PRO_RATA_POPULATION',
} as const satisfies Record<Basis, Basis>;
export type CostShareBasis = Basis;
registerEnumType(CostShareBasis, {
  name: 'CostShareBasis',
  description:
    'FIXED_PERCENTAGES: percentages agreed between partners (must sum to 100%). PRO_RATA_COHORT, PRO_RATA_POPULATION: in proportion ' +
    'to each agency\'s cohort or population (weights entered with the agreement). PRO_RATA_FTE_HOSTED: in proportion to the FTE each ' +
    'agency employs in the year\'s establishment.',
});

export const CostShareStatus = { DRAFT: 'DRAFT', AGREED: 'AGREED' } as const;
export type CostShareStatus = (typeof CostShareStatus)[keyof typeof CostShareStatus];
registerEnumType(CostShareStatus, { name: 'CostShareStatus', description: 'DRAFT can be edited; AGREED is frozen: its figures never change, and reopening starts the next version as a draft.' });

/** How a partnership shares the year's establishment cost between agencies. One per partnership and year. */
@Entity({ tableName: 'cost_share_agreement' })
@Unique({ properties: ['partnership', 'year'] })
export class CostShareAgreement extends Versioned {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @ManyToOne(() => FinancialYear)
  year!: FinancialYear;

  @Enum({ items: () => CostShareBasis, type: 'string' })
  basis!: CostShareBasis;

  @Enum({ items: () => CostShareStatus, type: 'string' })
  status: CostShareStatus = CostShareStatus.DRAFT;

  /** The number of the current version (draft or agreed); reopening an agreed version starts the next. */
  @Property({ type: 'integer', default: 1 })
  planVersion: number = 1;

  @Property({ type: t.datetime, nullable: true })
  agreedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'text', nullable: true })
  source?: string | null;

  @OneToMany(() => CostShareEntry, (entry) => entry.agreement, { orphanRemoval: true, orderBy: { position: 'asc' } })
  entries = new Collection<CostShareEntry>(this);
}

/** One agency's part of an agreement: a percentage (hundredths) or a pro-rata weight. */
@Entity({ tableName: 'cost_share_entry' })
@Unique({ properties: ['agreement', 'agency'] })
export class CostShareEntry {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => CostShareAgreement, { deleteRule: 'cascade' })
  agreement!: CostShareAgreement;

  @ManyToOne(() => Agency)
  agency!: Agency;

  @Property({ type: 'integer' })
  position!: number;

  /** FIXED_PERCENTAGES: hundredths of a percent; PRO_RATA_COHORT/POPULATION: the count; PRO_RATA_FTE_HOSTED: unused (0). */
  @Property({ type: 'integer' })
  weight!: number;
}
