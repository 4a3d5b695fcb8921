import { Entity, Enum, Index, ManyToOne, OneToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Versioned } from '../db/versioned.js';
import { Agency, Hub, Partnership } from '../partnership/partnership.entity.js';
import { CrimeCategory } from '../reference/crime-category.entity.js';
import { Label } from '../units/label.js';
import { Count, DateScalar, Percent, Score } from '../units/scalars.js';

export const StatutoryStatus = { NPS: 'NPS', CRC: 'CRC', NON_STATUTORY: 'NON_STATUTORY' } as const;
export type StatutoryStatus = (typeof StatutoryStatus)[keyof typeof StatutoryStatus];
registerEnumType(StatutoryStatus, { name: 'StatutoryStatus', description: 'NPS or CRC: supervised under a court order or licence by that agency. NON_STATUTORY: managed voluntarily.' });

export const Gender = { MALE: 'MALE', FEMALE: 'FEMALE', OTHER: 'OTHER', NOT_KNOWN: 'NOT_KNOWN' } as const;
export type Gender = (typeof Gender)[keyof typeof Gender];
registerEnumType(Gender, { name: 'Gender' });

export const Pathway = {
  ACCOMMODATION: 'ACCOMMODATION', ETE: 'ETE', DRUGS: 'DRUGS', ALCOHOL: 'ALCOHOL', FINANCE: 'FINANCE', FAMILY: 'FAMILY',
  THINKING_AND_BEHAVIOUR: 'THINKING_AND_BEHAVIOUR', HEALTH: 'HEALTH', LIFESTYLE_AND_ASSOCIATES: 'LIFESTYLE_AND_ASSOCIATES',
} as const;
export type Pathway = (typeof Pathway)[keyof typeof Pathway];
registerEnumType(Pathway, { name: 'Pathway', description: 'Resettlement pathways a need is recorded against (ETE: education, training and employment).' });

export const PanelDecision = { PENDING: 'PENDING', ACCEPTED: 'ACCEPTED', DECLINED: 'DECLINED' } as const;
export type PanelDecision = (typeof PanelDecision)[keyof typeof PanelDecision];
registerEnumType(PanelDecision, { name: 'PanelDecision' });

export const RagStatus = { RED: 'RED', AMBER: 'AMBER', GREEN: 'GREEN', IN_PRISON: 'IN_PRISON' } as const;
export type RagStatus = (typeof RagStatus)[keyof typeof RagStatus];
registerEnumType(RagStatus, { name: 'RagStatus', description: 'RED: non-compliant. AMBER: concerns over behaviour, indications of offending. GREEN: fully compliant, no evidence of offending. IN_PRISON.' });

export const DeselectionReason = {
  OFFENCE_FREE_YEAR: 'OFFENCE_FREE_YEAR',
  MOVED_OUT_OF_AREA: 'MOVED_OUT_OF_AREA',
  ACCEPTED_BY_MAPPA: 'ACCEPTED_BY_MAPPA',
  HOSPITAL_ORDER: 'HOSPITAL_ORDER',
  DEPORTED: 'DEPORTED',
  DIED: 'DIED',
  OTHER: 'OTHER',
} as const;
export type DeselectionReason = (typeof DeselectionReason)[keyof typeof DeselectionReason];
registerEnumType(DeselectionReason, {
  name: 'DeselectionReason',
  description:
    'The six Essex de-selection criteria: a total of one year free of offending; permanently moved out of the area; accepted by MAPPA with IOM not part of the plan; ' +
    'mentally disordered offender made subject to a hospital order with restrictions; deported on release; died. OTHER needs a stated reason.',
});

export const OffenceOutcome = { CONVICTION: 'CONVICTION', CAUTION: 'CAUTION' } as const;
export type OffenceOutcome = (typeof OffenceOutcome)[keyof typeof OffenceOutcome];
registerEnumType(OffenceOutcome, { name: 'OffenceOutcome', description: 'How the offence was proven.' });

/** A person on, or referred to, a partnership's scheme, known by a pseudonymous reference. */
@Entity({ tableName: 'nominal' })
@Unique({ properties: ['partnership', 'reference'] })
@ObjectType({ description: 'A nominal: a person on or referred to the scheme, known here by a pseudonymous reference. Who they are is kept apart (identity).' })
export class Nominal extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Pseudonymous reference, unique in the partnership, e.g. `THU-0001`.' })
  reference!: string;

  @Enum({ items: () => Gender, type: 'string' })
  @Field(() => Gender)
  gender!: Gender;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Age band, e.g. `18-24`.' })
  ageBand!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Ethnicity as recorded, e.g. `White`.' })
  ethnicity!: string;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true })
  localAuthority?: string | null;

  @ManyToOne(() => Hub, { nullable: true, deleteRule: 'set null' })
  hub?: Hub | null;

  @Enum({ items: () => StatutoryStatus, type: 'string' })
  @Field(() => StatutoryStatus)
  statutoryStatus!: StatutoryStatus;

  @Property({ type: 'json' })
  @Field(() => [Pathway], { description: 'Needs recorded by pathway.' })
  needs: Pathway[] = [];

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'A known domestic abuse perpetrator (Norfolk & Suffolk exclude them).' })
  domesticAbusePerpetrator = false;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'A registered sex offender (Norfolk & Suffolk exclude them).' })
  registeredSexOffender = false;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'MAPPA category level (1–3) when managed under MAPPA; null when not. IOM does not include level 2 and 3 cases (MAPPA_EXCLUSION).' })
  mappaLevel?: number | null;
}

/** Who a nominal is: held apart from the rest of the record so it can be shown only to case managers. */
@Entity({ tableName: 'nominal_identity' })
@ObjectType({ description: 'Who a nominal is. Only case managers of the owning partnership may see it.' })
export class NominalIdentity {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @OneToOne(() => Nominal, { owner: true, deleteRule: 'cascade', unique: true })
  nominal!: Nominal;

  @Property({ type: 'string' })
  @Field(() => String)
  name!: string;

  @Property({ type: 'string', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD.' })
  @Label('Date of birth')
  dateOfBirth?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'Police National Computer id.' })
  pncId?: string | null;
}

/** One factor of a referral's score as it was scored: the matrix's weight then, the value given, and the points. */
export interface ScoredFactor {
  factor: string;
  label: string;
  weight: number;
  value: number;
  points: number;
}

/** A referral by an agency, scored, and decided at panel. */
@Entity({ tableName: 'referral' })
@Unique({ properties: ['nominal', 'reference'] })
@ObjectType({ description: 'A referral to the scheme by a partner agency, with its scores and the panel decision.' })
export class Referral extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Nominal, { deleteRule: 'cascade' })
  nominal!: Nominal;

  @ManyToOne(() => Agency)
  agency!: Agency;

  @Property({ type: 'string' })
  @Field(() => DateScalar, { description: 'YYYY-MM-DD.' })
  @Label('Referral date')
  referralDate!: string;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Score, { nullable: true, description: 'Score on the partnership\'s referral matrix (the sum of its factors\' points when they were given: see `matrix`).' })
  @Label('Matrix score')
  matrixScore?: number | null;

  /** The factors the score was made of, as scored (weights of the matrix at the time); null when only a total was recorded. */
  @Property({ type: 'json', nullable: true })
  matrixFactors?: ScoredFactor[] | null;

  /** The matrix's threshold when the referral was scored. */
  @Property({ type: 'integer', nullable: true })
  matrixThreshold?: number | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The partner\'s own reference for the referral (imports update by it).' })
  reference?: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Percent, { nullable: true, description: 'ORGS: likelihood of reconviction within two years, in whole percent.' })
  @Label('ORGS')
  orgsScore?: number | null;

  @ManyToOne(() => CrimeCategory, { nullable: true })
  indexOffence?: CrimeCategory | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'Date of the panel that decided, YYYY-MM-DD.' })
  @Label('Panel date')
  panelDate?: string | null;

  @Enum({ items: () => PanelDecision, type: 'string' })
  @Field(() => PanelDecision)
  decision: PanelDecision = 'PENDING';

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  decisionNote?: string | null;
}

/** A spell on the scheme: from the signed agreement to de-selection. */
@Entity({ tableName: 'membership' })
@Unique({ properties: ['nominal', 'startDate'] })
@ObjectType({ description: 'A spell on the scheme: starts when the agreement is signed, ends with a de-selection reason.' })
export class Membership extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Nominal, { deleteRule: 'cascade' })
  nominal!: Nominal;

  @ManyToOne(() => Referral, { nullable: true, deleteRule: 'set null' })
  referral?: Referral | null;

  @Property({ type: 'string', index: true })
  @Field(() => DateScalar, { description: 'Date the agreement was signed: the first day on the scheme, YYYY-MM-DD.' })
  @Label('Start date')
  startDate!: string;

  @Property({ type: 'string', nullable: true, index: true })
  @Field(() => DateScalar, { nullable: true, description: 'Date of de-selection: the first day off the scheme, YYYY-MM-DD.' })
  @Label('End date')
  endDate?: string | null;

  @Enum({ items: () => DeselectionReason, type: 'string', nullable: true })
  @Field(() => DeselectionReason, { nullable: true })
  deselectionReason?: DeselectionReason | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The stated reason (required for OTHER).' })
  deselectionNote?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'The one priority crime banding most relevant to the offender (Suffolk\'s method, AP14/73 5.2), e.g. "Burglary Dwelling": what the priority crime rate counts with method MOST_RELEVANT_OFFENCE.',
  })
  relevantBanding?: string | null;
}

/**
 * A RAG review of a member. A member's latest review on or before a date is one step down the index
 * on (membership, review date, id, status), answered from the index alone.
 */
@Entity({ tableName: 'status_review' })
@Unique({ properties: ['membership', 'reference'] })
@Index({ properties: ['membership', 'reviewDate', 'id', 'status'] })
@ObjectType({ description: 'A status review of a member: RED, AMBER, GREEN or IN_PRISON on a date.' })
export class StatusReview extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  /** No index of its own: the latest-review index (and the unique one on membership and reference) begin with it. */
  @ManyToOne(() => Membership, { deleteRule: 'cascade', index: false })
  membership!: Membership;

  @Property({ type: 'string', index: true })
  @Field(() => DateScalar, { description: 'YYYY-MM-DD.' })
  @Label('Review date')
  reviewDate!: string;

  @Enum({ items: () => RagStatus, type: 'string' })
  @Field(() => RagStatus)
  status!: RagStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  note?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The partner\'s own reference for the review (imports update by it).' })
  reference?: string | null;
}

/**
 * A proven offence. The measures read a nominal's offences by date and look at their category
 * (priority, banding) and when they were proven: the index on (nominal, offence date, category,
 * outcome date) answers them from the index alone, without visiting the rows, and serves the
 * look-ups by nominal too. A measure over many partnerships reads a window's offences by date: the
 * index on (offence date, nominal, category, outcome date) answers it from the index alone too, and
 * serves every read by date.
 */
@Entity({ tableName: 'offence' })
@Unique({ properties: ['nominal', 'reference'] })
@Index({ properties: ['nominal', 'offenceDate', 'category', 'outcomeDate'] })
@Index({ properties: ['offenceDate', 'nominal', 'category', 'outcomeDate'] })
@ObjectType({ description: 'A proven offence: CrimSec3 code, offence date, outcome and outcome date.' })
export class Offence extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  /** No index of its own: the measures' index (and the unique one on nominal and reference) begin with it. */
  @ManyToOne(() => Nominal, { deleteRule: 'cascade', index: false })
  nominal!: Nominal;

  /**
   * No index of its own either: every read of offences by category is also by date or nominal
   * (the measures' indexes hold the category), and each index costs every imported offence its
   * entry. The crime categories are reference data the hub never deletes or renumbers, so the
   * foreign key's look-up of their offences has never needed it.
   */
  @ManyToOne(() => CrimeCategory, { index: false })
  category!: CrimeCategory;

  /** No index of its own: the index by date above begins with it. */
  @Property({ type: 'string' })
  @Field(() => DateScalar, { description: 'YYYY-MM-DD.' })
  @Label('Offence date')
  offenceDate!: string;

  @Enum({ items: () => OffenceOutcome, type: 'string' })
  @Field(() => OffenceOutcome)
  outcome!: OffenceOutcome;

  @Property({ type: 'string' })
  @Field(() => DateScalar, { description: 'Date of the conviction or caution, YYYY-MM-DD.' })
  @Label('Outcome date')
  outcomeDate!: string;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The partner\'s own reference for the offence (imports update by it).' })
  reference?: string | null;
}

/** A scope rule a partnership puts its referrals through. */
@Entity({ tableName: 'partnership_scope_rule' })
@Unique({ properties: ['partnership', 'rule'] })
export class PartnershipScopeRule {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  rule!: string;
}

/** One factor of a partnership's referral scoring matrix (Essex's standard matrix, Thurrock 2.6). */
@ObjectType({ description: 'A factor of a scoring matrix: points = value × weight, the value from 0 to maxValue.' })
export class MatrixFactor {
  @Field(() => String, { description: 'A short key, e.g. `priorityOffences`.' })
  factor!: string;

  @Field(() => String)
  label!: string;

  @Field(() => Score)
  weight!: number;

  @Field(() => Count, { description: 'The highest value the factor takes.' })
  maxValue!: number;
}

@Entity({ tableName: 'scoring_matrix' })
@Unique({ properties: ['partnership'] })
@ObjectType({ description: 'A partnership\'s referral scoring matrix: each factor\'s weight and highest value, and the score a referral needs to be considered (the threshold).' })
export class ScoringMatrix extends Versioned {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'integer' })
  @Field(() => Score, { description: 'A referral scoring this or more meets the threshold.' })
  threshold!: number;

  @Property({ type: 'json' })
  @Field(() => [MatrixFactor])
  factors: MatrixFactor[] = [];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  source?: string | null;
}

/** How often a member of a RAG status is reviewed (Thurrock reviews red offenders fortnightly). */
@Entity({ tableName: 'review_cadence' })
@Unique({ properties: ['partnership', 'status'] })
@ObjectType({ description: 'How often a member of a RAG status is reviewed, in days (Thurrock: RED every 14).' })
export class ReviewCadence {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Enum({ items: () => RagStatus, type: 'string' })
  @Field(() => RagStatus)
  status!: RagStatus;

  @Property({ type: 'integer' })
  @Field(() => Count, { description: 'Days from one review to the next.' })
  everyDays!: number;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  source?: string | null;
}
