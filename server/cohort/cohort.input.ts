import { Field, ID, InputType, Int } from 'type-graphql';
import { DeselectionReason, Gender, OffenceOutcome, PanelDecision, Pathway, RagStatus, StatutoryStatus } from './cohort.entity.js';

@InputType({ description: 'Who a nominal is; kept apart from the rest of the record.' })
export class IdentityInput {
  @Field(() => String, { description: 'Full name.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' }) dateOfBirth?: string | null;
  @Field(() => String, { nullable: true, description: 'Police National Computer id.' }) pncId?: string | null;
}

@InputType()
export class NominalInput {
  @Field(() => String, { description: 'Pseudonymous reference, unique in the partnership.' }) reference!: string;
  @Field(() => Gender) gender!: Gender;
  @Field(() => String, { description: 'Age band, e.g. `18-24`.' }) ageBand!: string;
  @Field(() => String, { description: 'Ethnicity as recorded, e.g. `White`.' }) ethnicity!: string;
  @Field(() => String, { nullable: true, description: 'Local authority area.' }) localAuthority?: string | null;
  @Field(() => String, { nullable: true, description: 'Name of one of the partnership\'s hubs.' }) hub?: string | null;
  @Field(() => StatutoryStatus) statutoryStatus!: StatutoryStatus;
  @Field(() => [Pathway], { nullable: true, description: 'Needs recorded by pathway.' }) needs?: Pathway[] | null;
  @Field(() => Boolean, { nullable: true, description: 'A known domestic abuse perpetrator (Norfolk & Suffolk exclude them).' }) domesticAbusePerpetrator?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'A registered sex offender (Norfolk & Suffolk exclude them).' }) registeredSexOffender?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'MAPPA level (1–3) when managed under MAPPA.' }) mappaLevel?: number | null;
  @Field(() => IdentityInput, { nullable: true }) identity?: IdentityInput | null;
}

@InputType({ description: 'The value a referral scores on one factor of the partnership\'s matrix.' })
export class MatrixFactorValueInput {
  @Field(() => String, { description: 'The factor\'s key, e.g. `priorityOffences`.' }) factor!: string;
  @Field(() => Int, { description: 'From 0 to the factor\'s highest value.' }) value!: number;
}

@InputType()
export class ReferralInput {
  @Field(() => String, { description: 'Code of the referring agency.' }) agency!: string;
  @Field(() => String) referralDate!: string;
  @Field(() => Int, { nullable: true }) matrixScore?: number | null;
  @Field(() => Int, { nullable: true, description: 'ORGS in whole percent (0–100).' }) orgsScore?: number | null;
  @Field(() => String, { nullable: true, description: 'CrimSec3 code of the index offence.' }) indexOffenceCode?: string | null;
  @Field(() => [MatrixFactorValueInput], { nullable: true, description: 'Every factor of the partnership\'s scoring matrix with its value: the hub works out `matrixScore` from them.' })
  matrixFactors?: MatrixFactorValueInput[] | null;
  @Field(() => String, { nullable: true, description: 'The partner\'s own reference for the referral, unique for the nominal.' }) reference?: string | null;
}

@InputType()
export class PanelDecisionInput {
  @Field(() => String) panelDate!: string;
  @Field(() => PanelDecision) decision!: PanelDecision;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class MembershipInput {
  @Field(() => String, { description: 'Date the agreement was signed: the first day on the scheme.' }) agreementSignedDate!: string;
  @Field(() => ID, { nullable: true, description: 'The accepted referral this membership follows.' }) referral?: string | null;
  @Field(() => String, { nullable: true, description: 'The priority crime banding most relevant to the offender (Suffolk\'s method), e.g. `Burglary Dwelling`.' }) relevantBanding?: string | null;
}

@InputType()
export class StatusReviewInput {
  @Field(() => String) reviewDate!: string;
  @Field(() => RagStatus) status!: RagStatus;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class DeselectionInput {
  @Field(() => String, { description: 'First day off the scheme.' }) endDate!: string;
  @Field(() => DeselectionReason, { nullable: true }) reason?: DeselectionReason | null;
  @Field(() => String, { nullable: true, description: 'Required when the reason is OTHER.' }) note?: string | null;
  @Field(() => StatusReviewInput, { nullable: true, description: 'A closing review, recorded in the same transaction.' }) review?: StatusReviewInput | null;
}

@InputType()
export class OffenceInput {
  @Field(() => String, { description: 'CrimSec3 code, e.g. `28A`.' }) crimSec3Code!: string;
  @Field(() => String) offenceDate!: string;
  @Field(() => OffenceOutcome) outcome!: OffenceOutcome;
  @Field(() => String) outcomeDate!: string;
}

export const CohortSort = { START_DATE: 'START_DATE', REFERENCE: 'REFERENCE' } as const;
export type CohortSort = (typeof CohortSort)[keyof typeof CohortSort];

@InputType({ description: 'Which memberships a cohort list shows.' })
export class CohortFilter {
  @Field(() => String, { nullable: true, description: 'Members on the scheme on this date (YYYY-MM-DD); default: every membership.' }) activeOn?: string | null;
  @Field(() => [RagStatus], { nullable: true, description: 'Latest review status on `activeOn` (or ever, without it).' }) status?: RagStatus[] | null;
  @Field(() => [StatutoryStatus], { nullable: true }) statutoryStatus?: StatutoryStatus[] | null;
  @Field(() => String, { nullable: true, description: 'Hub name.' }) hub?: string | null;
  @Field(() => String, { nullable: true, description: 'Started on or after.' }) startedFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'Started on or before.' }) startedTo?: string | null;
}

@InputType({ description: 'A membership with its reviews and, if it has ended, its de-selection.' })
export class MembershipRecordInput {
  @Field(() => String) agreementSignedDate!: string;
  @Field(() => [StatusReviewInput], { defaultValue: [] }) reviews!: StatusReviewInput[];
  @Field(() => DeselectionInput, { nullable: true }) deselection?: DeselectionInput | null;
  @Field(() => String, { nullable: true, description: 'The priority crime banding most relevant to the offender.' }) relevantBanding?: string | null;
}

@InputType({ description: 'One factor of a scoring matrix.' })
export class MatrixFactorInput {
  @Field(() => String, { description: 'A short key, e.g. `priorityOffences`.' }) factor!: string;
  @Field(() => String) label!: string;
  @Field(() => Int, { description: 'Points per unit of value.' }) weight!: number;
  @Field(() => Int, { description: 'The highest value the factor takes.' }) maxValue!: number;
}

@InputType({ description: 'A referral scoring matrix: its factors and the threshold a referral must reach.' })
export class ScoringMatrixInput {
  @Field(() => Int) threshold!: number;
  @Field(() => [MatrixFactorInput]) factors!: MatrixFactorInput[];
  @Field(() => String, { nullable: true }) source?: string | null;
}

@InputType({ description: 'How often members of a RAG status are reviewed.' })
export class ReviewCadenceInput {
  @Field(() => RagStatus) status!: RagStatus;
  @Field(() => Int, { description: 'Days from one review to the next (14: fortnightly).' }) everyDays!: number;
}

@InputType({ description: 'One nominal\'s whole record for a bulk import.' })
export class CohortRecordInput {
  @Field(() => NominalInput) nominal!: NominalInput;
  @Field(() => ReferralInput, { nullable: true }) referral?: ReferralInput | null;
  @Field(() => PanelDecisionInput, { nullable: true }) decision?: PanelDecisionInput | null;
  @Field(() => MembershipRecordInput, { nullable: true }) membership?: MembershipRecordInput | null;
  @Field(() => [OffenceInput], { defaultValue: [] }) offences!: OffenceInput[];
}
