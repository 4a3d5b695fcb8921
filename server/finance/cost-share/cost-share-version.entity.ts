import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { Partnership } from '../../partnership/partnership.entity.js';
import { CostShareAgreement, CostShareBasis } from './cost-share-agreement.entity.js';

/** One agency's part of an agreed version, as it was agreed (its name too, in case the agency is renamed later). */
export interface AgreedShare {
  agencyId: number;
  agency: string;
  agencyName: string;
  /** As `ShareWeight.weight`: hundredths of a percent, a cohort or population, or hundredths of an FTE hosted. */
  weight: number;
  percentHundredths: number;
  contributionPence: number;
}

/**
 * An agreed version of a cost share, frozen: what was shared, on which basis, each agency's weight,
 * percentage and contribution in pence, who agreed it and when. Written once when the plan is agreed
 * and never changed (the database refuses updates): later changes to the establishment show against
 * it as a variance. Reopening the plan starts the next version as a draft.
 */
@Entity({ tableName: 'cost_share_version' })
@Unique({ properties: ['agreement', 'number'] })
export class CostShareVersion {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => CostShareAgreement, { deleteRule: 'cascade' })
  agreement!: CostShareAgreement;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @ManyToOne(() => FinancialYear)
  year!: FinancialYear;

  /** 1 for the first version of the year's plan; each reopen starts the next. */
  @Property({ type: 'integer' })
  number!: number;

  @Enum({ items: () => CostShareBasis, type: 'string' })
  basis!: CostShareBasis;

  /** The establishment budget shared, as it stood when agreed. */
  @Property({ type: 'integer' })
  totalPence!: number;

  @Property({ type: 'boolean' })
  totalComplete!: boolean;

  @Property({ type: 'json' })
  shares!: AgreedShare[];

  @Property({ type: t.datetime })
  agreedAt!: Date;

  /** Who agreed it: the label of their token, `the hub`, or `not recorded` for a plan agreed before the hub kept versions. */
  @Property({ type: 'string' })
  agreedBy!: string;

  @Property({ type: 'integer', nullable: true })
  agreedByTokenId?: number | null;

  /** A minute reference or note given when agreeing, e.g. `JIOM Governance Board, 12 March 2015, minute 4`. */
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'text', nullable: true })
  source?: string | null;
}
