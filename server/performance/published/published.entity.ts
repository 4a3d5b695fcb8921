import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Partnership } from '../../partnership/partnership.entity.js';

/** A month of a published pre-IOM vs live-IOM priority crime rate, as the partnership printed it. */
@Entity({ tableName: 'published_priority_crime_rate' })
@Unique({ properties: ['partnership', 'reference'] })
export class PublishedPriorityCrimeRate {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  /** YYYY-MM */
  @Property({ type: 'string' })
  month!: string;

  /** Offences per offender, in hundredths. */
  @Property({ type: 'integer' })
  preRateHundredths!: number;

  @Property({ type: 'integer' })
  liveRateHundredths!: number;

  /** Whole percent, as published. */
  @Property({ type: 'integer' })
  percentChange!: number;

  /** The area the figures cover, as recorded on nominals' local authority (`Suffolk`); null: the whole partnership. */
  @Property({ type: 'string', nullable: true })
  area?: string | null;

  /** How the publisher counted (PriorityRateMethod); null when the paper does not say. */
  @Property({ type: 'string', nullable: true })
  method?: string | null;

  @Property({ type: 'text' })
  source!: string;

  /** The row's key for imports: area, method and month unless the file gives one. */
  @Property({ type: 'string', nullable: true })
  reference?: string | null;
}

/** One row of a published proven-reoffending table (actual vs predicted by local authority). */
@Entity({ tableName: 'published_reoffending' })
@Unique({ properties: ['partnership', 'reference'] })
export class PublishedReoffending {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  force!: string;

  @Property({ type: 'string', nullable: true })
  localAuthority?: string | null;

  @Property({ type: 'integer' })
  cohortSize!: number;

  /** Percent in hundredths (5.38% = 538). */
  @Property({ type: 'integer' })
  actualRateHundredths!: number;

  @Property({ type: 'integer' })
  predictedRateHundredths!: number;

  @Property({ type: 'integer' })
  differencePercentHundredths!: number;

  @Property({ type: 'integer', nullable: true })
  publishedRankByDifference?: number | null;

  @Property({ type: 'integer', nullable: true })
  publishedRankByActual?: number | null;

  /** The period the table covers, as published (e.g. `2012/13 cohort`); null when the paper does not say. */
  @Property({ type: 'string', nullable: true })
  period?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'text' })
  source!: string;

  /** The row's key for imports: the file's reference, else force and local authority. */
  @Property({ type: 'string', nullable: true })
  reference?: string | null;
}

/** A row of a published cost-of-crime table: before / during / after membership, in pence. */
@Entity({ tableName: 'published_cost_of_crime' })
@Unique({ properties: ['partnership', 'reference'] })
export class PublishedCostOfCrime {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  group!: string;

  @Property({ type: 'integer', nullable: true })
  beforePence?: number | null;

  @Property({ type: 'integer', nullable: true })
  duringPence?: number | null;

  @Property({ type: 'integer', nullable: true })
  afterPence?: number | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'text' })
  source!: string;

  /** When the figures were taken (e.g. `2014-10`), as published; null when the paper does not say. */
  @Property({ type: 'string', nullable: true })
  period?: string | null;

  /** The row's key for imports: period and group unless the file gives one. */
  @Property({ type: 'string', nullable: true })
  reference?: string | null;
}
