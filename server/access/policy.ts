import { Role } from './role.js';

/**
 * How sensitive what an operation, type or field exposes is.
 * PUBLIC: names and codes every token may see. FINANCE: finance plans (establishment, shares,
 * funding). AGGREGATE: counts and rates over the cohort. NOMINAL: pseudonymous nominal-level rows
 * (reads are audited). IDENTITY: names, dates of birth, PNC ids. ADMIN: tokens and the audit log.
 */
export type Sensitivity = 'PUBLIC' | 'FINANCE' | 'AGGREGATE' | 'NOMINAL' | 'IDENTITY' | 'ADMIN';

/** A query or mutation: who may call it, and whether the rows it touches belong to partnerships. */
export interface OperationRule {
  kind: 'read' | 'write';
  roles: readonly Role[];
  /**
   * `partnership`: it reads or writes partnership rows, which the scope filter limits to the
   * caller's partnerships (another partnership's code or id behaves like one that does not exist).
   * `global`: it touches no partnership rows (financial years, the report library, tokens).
   */
  scope: 'partnership' | 'global';
  sensitivity: Sensitivity;
}

/** Which roles may read the fields of an object type (unless a field rule says otherwise). */
export interface TypeRule {
  roles: readonly Role[];
  sensitivity: Sensitivity;
}

/** A field that needs its own rule: fewer roles than its type, or an identity field. */
export type FieldRule =
  | { kind: 'roles'; roles: readonly Role[]; sensitivity: Sensitivity }
  | {
      kind: 'identity';
      sensitivity: 'IDENTITY';
      /** The id of the partnership that owns the record. */
      owner: (root: any) => number;
      /** What everyone but the owning partnership's case managers sees instead. */
      pseudonym: (root: any) => unknown;
    };

/** The one access policy: every query and mutation, every object type, and the fields that differ from their type. */
export interface AccessPolicy {
  /** `Query.establishment`, `Mutation.addEstablishmentLine`. */
  operations: Readonly<Record<string, OperationRule>>;
  /** `EstablishmentLine`. */
  types: Readonly<Record<string, TypeRule>>;
  /** `Partnership.staffingRatios`, `Nominal.name`. */
  fields: Readonly<Record<string, FieldRule>>;
}

const { ADMIN, FINANCE, ANALYST, CASE_MANAGER, BOARD } = Role;

/** Who reaches what. Cohort roles (for the cohort records) are here so every entry reads the same way. */
export const EVERYONE = [ADMIN, FINANCE, ANALYST, CASE_MANAGER, BOARD] as const;
export const FINANCE_READERS = [ADMIN, FINANCE, ANALYST, BOARD] as const;
export const FINANCE_WRITERS = [ADMIN, FINANCE] as const;
export const AGGREGATE_READERS = EVERYONE;
export const NOMINAL_READERS = [ADMIN, ANALYST, CASE_MANAGER] as const;
export const COHORT_WRITERS = [ADMIN, CASE_MANAGER] as const;
export const ADMINS = [ADMIN] as const;
/** Roles that own some data and import it (boards only read). */
export const IMPORTERS = [ADMIN, FINANCE, ANALYST, CASE_MANAGER] as const;

const read = (roles: readonly Role[], sensitivity: Sensitivity, scope: OperationRule['scope'] = 'partnership'): OperationRule => ({ kind: 'read', roles, scope, sensitivity });
const write = (roles: readonly Role[], sensitivity: Sensitivity, scope: OperationRule['scope'] = 'partnership'): OperationRule => ({ kind: 'write', roles, scope, sensitivity });
const type = (roles: readonly Role[], sensitivity: Sensitivity): TypeRule => ({ roles, sensitivity });
const field = (roles: readonly Role[], sensitivity: Sensitivity): FieldRule => ({ kind: 'roles', roles, sensitivity });

/**
 * Identity fields (name, date of birth, PNC id) resolve only for case managers whose token covers
 * the owning partnership; everyone else, admins included, gets the pseudonymous reference.
 * `'Nominal.name': identityField((n) => n.partnership.id, (n) => n.reference)`.
 */
export function identityField<T>(owner: (root: T) => number, pseudonym: (root: T) => unknown): FieldRule {
  return { kind: 'identity', sensitivity: 'IDENTITY', owner, pseudonym };
}

/** The same rule for each named field of a type: `...fieldsOf('Offence', ['id', 'offenceDate'], rule)`. */
function fieldsOf(typeName: string, names: readonly string[], rule: FieldRule): Record<string, FieldRule> {
  return Object.fromEntries(names.map((name) => [`${typeName}.${name}`, rule]));
}

/** Nominal-level rows: pseudonymous, for the roles that may read them (every field is listed, so a new one must be classified). */
const nominalLevel = (typeName: string, names: readonly string[]) => fieldsOf(typeName, names, field(NOMINAL_READERS, 'NOMINAL'));

/** Who a nominal is: for case managers of the owning partnership only; everyone else gets null. */
const identityOf = (owner: (root: any) => number) => identityField(owner, () => null);

export const HUB_POLICY: AccessPolicy = {
  operations: {
    'Query.viewer': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.partnerships': read(EVERYONE, 'PUBLIC'),
    'Query.partnership': read(EVERYONE, 'PUBLIC'),
    'Query.financialYears': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.reports': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.report': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.measures': read(EVERYONE, 'PUBLIC', 'global'),
    // A snapshot holds what its token was shown, and is read back by that token (or an admin) only.
    'Query.workbookSnapshot': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.compareSnapshotWithLive': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.reportLayout': read(EVERYONE, 'PUBLIC', 'global'),
    // Each operation of a batch is authorised as a request of its own.
    'Query.batch': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.establishment': read(FINANCE_READERS, 'FINANCE'),
    'Query.costShare': read(FINANCE_READERS, 'FINANCE'),
    'Query.costShareVersions': read(FINANCE_READERS, 'FINANCE'),
    'Query.costShareDiff': read(FINANCE_READERS, 'FINANCE'),
    'Query.previewCostShareDraft': read(FINANCE_READERS, 'FINANCE'),
    'Query.fundingPosition': read(FINANCE_READERS, 'FINANCE'),
    'Query.fundingStreams': read(FINANCE_READERS, 'FINANCE'),
    'Query.fundingRisks': read(FINANCE_READERS, 'FINANCE'),
    'Query.optionsAppraisal': read(FINANCE_READERS, 'FINANCE'),
    // Who changed the plan, and how: for the people who keep it.
    'Query.financeHistory': read(FINANCE_WRITERS, 'FINANCE'),
    'Query.mediumTermPlan': read(FINANCE_READERS, 'FINANCE'),
    'Query.mediumTermPlanVariants': read(FINANCE_READERS, 'FINANCE'),
    'Query.compareMediumTermPlans': read(FINANCE_READERS, 'FINANCE'),
    'Query.scenario': read(FINANCE_READERS, 'FINANCE'),
    'Query.savedScenarios': read(FINANCE_READERS, 'FINANCE'),
    'Query.crimeCategories': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.unitCostsOfCrime': read(EVERYONE, 'PUBLIC', 'global'),
    'Query.crimeClassifications': read(EVERYONE, 'PUBLIC', 'global'),
    // How a partnership scores referrals and how often it reviews members: its published process, like its scope rules.
    'Query.scoringMatrix': read(EVERYONE, 'PUBLIC'),
    'Query.reviewCadence': read(EVERYONE, 'PUBLIC'),
    'Query.cohortSnapshot': read(AGGREGATE_READERS, 'AGGREGATE'),
    'Query.priorityCrimeRate': read(AGGREGATE_READERS, 'AGGREGATE'),
    'Query.reoffendingComparison': read(AGGREGATE_READERS, 'AGGREGATE'),
    'Query.reoffendingRates': read(AGGREGATE_READERS, 'AGGREGATE'),
    'Query.costOfCrime': read(AGGREGATE_READERS, 'AGGREGATE'),
    'Query.capacity': read(AGGREGATE_READERS, 'AGGREGATE'),
    'Query.cohortTargetProgress': read(AGGREGATE_READERS, 'AGGREGATE'),
    'Query.needsBreakdown': read(AGGREGATE_READERS, 'AGGREGATE'),
    // Cost per managed offender is drawn from the establishment's running cost.
    'Query.valueForMoney': read(FINANCE_READERS, 'FINANCE'),
    'Query.cohort': read(NOMINAL_READERS, 'NOMINAL'),
    'Query.nominal': read(NOMINAL_READERS, 'NOMINAL'),
    'Query.referrals': read(NOMINAL_READERS, 'NOMINAL'),
    'Query.nominals': read(NOMINAL_READERS, 'NOMINAL'),
    'Query.reviewsDue': read(NOMINAL_READERS, 'NOMINAL'),
    'Query.accessTokens': read(ADMINS, 'ADMIN', 'global'),
    'Query.auditLog': read(ADMINS, 'ADMIN', 'global'),

    'Mutation.addPartnership': write(ADMINS, 'PUBLIC', 'global'),
    'Mutation.addAgency': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addHub': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.openFinancialYear': write(FINANCE_WRITERS, 'FINANCE', 'global'),
    'Mutation.addEstablishmentLine': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.updateEstablishmentLine': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.removeEstablishmentLine': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addNonPayLine': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.updateNonPayLine': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.removeNonPayLine': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.saveCostShareDraft': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.agreeCostShare': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.reopenCostShare': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addFundingStream': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.updateFundingStream': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.removeFundingStream': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addFundingRisk': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.updateFundingRisk': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.removeFundingRisk': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addAppraisalOption': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.updateAppraisalOption': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.removeAppraisalOption': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.submitEstablishment': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.submitNonPayLines': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.submitFundingRisks': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.saveMediumTermPlanVariant': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.removeMediumTermPlanVariant': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.saveScenario': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addStaffingRatio': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addCohortTarget': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.setCohortCapacity': write(FINANCE_WRITERS, 'FINANCE'),
    'Mutation.addNominal': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.updateNominal': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.referNominal': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.decideReferral': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.startMembership': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.recordReview': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.deselect': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.recordOffence': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.setRelevantBanding': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.importCohortRecords': write(COHORT_WRITERS, 'NOMINAL'),
    'Mutation.setScopeRules': write(ADMINS, 'PUBLIC'),
    'Mutation.setScoringMatrix': write(ADMINS, 'PUBLIC'),
    'Mutation.setReviewCadence': write(ADMINS, 'PUBLIC'),
    // Imports: every role that owns some data may call it; each kind then admits only the roles that own its data (server/import/kinds).
    'Mutation.importRows': write(IMPORTERS, 'NOMINAL'),
    // The report library: analysts publish reports; anyone who runs them keeps parameter sets.
    'Mutation.publishReport': write([ADMIN, ANALYST], 'PUBLIC', 'global'),
    'Mutation.saveParameterSet': write(EVERYONE, 'PUBLIC', 'global'),
    'Mutation.freezeWorkbook': write(EVERYONE, 'PUBLIC', 'global'),
    'Mutation.createAccessToken': write(ADMINS, 'ADMIN', 'global'),
    'Mutation.revokeAccessToken': write(ADMINS, 'ADMIN', 'global'),
  },
  types: {
    Viewer: type(EVERYONE, 'PUBLIC'),
    BatchResult: type(EVERYONE, 'PUBLIC'),
    BatchError: type(EVERYONE, 'PUBLIC'),
    Partnership: type(EVERYONE, 'PUBLIC'),
    Agency: type(EVERYONE, 'PUBLIC'),
    Hub: type(EVERYONE, 'PUBLIC'),
    FinancialYear: type(EVERYONE, 'PUBLIC'),
    SavedReport: type(EVERYONE, 'PUBLIC'),
    ReportParameterSet: type(EVERYONE, 'PUBLIC'),
    ReportUse: type([ADMIN, ANALYST], 'PUBLIC'),
    MeasureDefinition: type(EVERYONE, 'PUBLIC'),
    BoardPackSnapshot: type(EVERYONE, 'PUBLIC'),
    FrozenBinding: type(EVERYONE, 'PUBLIC'),
    SnapshotChangeResult: type(EVERYONE, 'PUBLIC'),
    ReportLayout: type(EVERYONE, 'PUBLIC'),
    ReportColumn: type(EVERYONE, 'PUBLIC'),
    ReportMeasure: type(EVERYONE, 'PUBLIC'),
    ReportParameter: type(EVERYONE, 'PUBLIC'),
    ParameterChoice: type(EVERYONE, 'PUBLIC'),
    Establishment: type(FINANCE_READERS, 'FINANCE'),
    EstablishmentLine: type(FINANCE_READERS, 'FINANCE'),
    NonPayLine: type(FINANCE_READERS, 'FINANCE'),
    CostShare: type(FINANCE_READERS, 'FINANCE'),
    AgencyShare: type(FINANCE_READERS, 'FINANCE'),
    CostShareVersion: type(FINANCE_READERS, 'FINANCE'),
    CostShareDiff: type(FINANCE_READERS, 'FINANCE'),
    AgencyShareChange: type(FINANCE_READERS, 'FINANCE'),
    FundingPosition: type(FINANCE_READERS, 'FINANCE'),
    FundingByCertainty: type(FINANCE_READERS, 'FINANCE'),
    FundingPart: type(FINANCE_READERS, 'FINANCE'),
    FundingStream: type(FINANCE_READERS, 'FINANCE'),
    FundingRisk: type(FINANCE_READERS, 'FINANCE'),
    AppraisalOption: type(FINANCE_READERS, 'FINANCE'),
    FinanceHistoryPage: type(FINANCE_WRITERS, 'FINANCE'),
    FinanceChange: type(FINANCE_WRITERS, 'FINANCE'),
    FieldChange: type(FINANCE_WRITERS, 'FINANCE'),
    SheetSubmission: type(FINANCE_WRITERS, 'FINANCE'),
    SheetRowChange: type(FINANCE_WRITERS, 'FINANCE'),
    MediumTermPlan: type(FINANCE_READERS, 'FINANCE'),
    MediumTermPlanYear: type(FINANCE_READERS, 'FINANCE'),
    MediumTermContribution: type(FINANCE_READERS, 'FINANCE'),
    MediumTermStream: type(FINANCE_READERS, 'FINANCE'),
    MediumTermPlanVariant: type(FINANCE_READERS, 'FINANCE'),
    MediumTermPlanComparisonRow: type(FINANCE_READERS, 'FINANCE'),
    Scenario: type(FINANCE_READERS, 'FINANCE'),
    ScenarioGrade: type(FINANCE_READERS, 'FINANCE'),
    SavedScenario: type(FINANCE_READERS, 'FINANCE'),
    StaffingRatio: type(FINANCE_READERS, 'FINANCE'),
    CohortTarget: type(FINANCE_READERS, 'FINANCE'),
    CohortPhase: type(FINANCE_READERS, 'FINANCE'),
    CohortCapacity: type(FINANCE_READERS, 'FINANCE'),
    CohortTargetProgress: type(AGGREGATE_READERS, 'AGGREGATE'),
    NeedsBreakdown: type(AGGREGATE_READERS, 'AGGREGATE'),
    NeedRow: type(AGGREGATE_READERS, 'AGGREGATE'),
    ScoringMatrix: type(EVERYONE, 'PUBLIC'),
    MatrixFactor: type(EVERYONE, 'PUBLIC'),
    ReviewCadence: type(EVERYONE, 'PUBLIC'),
    CrimeClassification: type(EVERYONE, 'PUBLIC'),
    CrimeCategory: type(EVERYONE, 'PUBLIC'),
    UnitCostOfCrime: type(EVERYONE, 'PUBLIC'),
    CohortSnapshot: type(AGGREGATE_READERS, 'AGGREGATE'),
    SnapshotCountsResult: type(AGGREGATE_READERS, 'AGGREGATE'),
    PriorityCrimeRateRow: type(AGGREGATE_READERS, 'AGGREGATE'),
    ReoffendingComparisonRow: type(AGGREGATE_READERS, 'AGGREGATE'),
    ReoffendingRates: type(AGGREGATE_READERS, 'AGGREGATE'),
    ReoffendingRateRow: type(AGGREGATE_READERS, 'AGGREGATE'),
    CostOfCrimeRow: type(AGGREGATE_READERS, 'AGGREGATE'),
    Capacity: type(AGGREGATE_READERS, 'AGGREGATE'),
    CapacityRow: type(AGGREGATE_READERS, 'AGGREGATE'),
    ValueForMoney: type(FINANCE_READERS, 'FINANCE'),
    CohortPage: type(NOMINAL_READERS, 'NOMINAL'),
    Nominal: type(NOMINAL_READERS, 'NOMINAL'),
    Referral: type(NOMINAL_READERS, 'NOMINAL'),
    ReferralScope: type(NOMINAL_READERS, 'NOMINAL'),
    ScopeCheckResult: type(NOMINAL_READERS, 'NOMINAL'),
    ReferralMatrix: type(NOMINAL_READERS, 'NOMINAL'),
    ScoredFactorResult: type(NOMINAL_READERS, 'NOMINAL'),
    ReviewDueResult: type(NOMINAL_READERS, 'NOMINAL'),
    Membership: type(NOMINAL_READERS, 'NOMINAL'),
    StatusReview: type(NOMINAL_READERS, 'NOMINAL'),
    Offence: type(NOMINAL_READERS, 'NOMINAL'),
    NominalIdentity: type([CASE_MANAGER], 'IDENTITY'),
    AccessToken: type(ADMINS, 'ADMIN'),
    IssuedToken: type(ADMINS, 'ADMIN'),
    AuditEntry: type(ADMINS, 'ADMIN'),
    AuditPage: type(ADMINS, 'ADMIN'),
    ImportReportResult: type(IMPORTERS, 'PUBLIC'),
    ImportProblemResult: type(IMPORTERS, 'PUBLIC'),
  },
  fields: {
    // Which workbooks run a report, and who refreshed them: for the people who keep the library.
    'SavedReport.usedBy': field([ADMIN, ANALYST], 'PUBLIC'),
    // Partnerships are visible to every role; their finance planning standards are not.
    'Partnership.staffingRatios': field(FINANCE_READERS, 'FINANCE'),
    'Partnership.cohortTargets': field(FINANCE_READERS, 'FINANCE'),

    ...nominalLevel('CohortPage', ['nodes', 'totalCount', 'endCursor', 'hasNextPage']),
    ...nominalLevel('Nominal', [
      'id', 'reference', 'gender', 'ageBand', 'ethnicity', 'localAuthority', 'hubName', 'statutoryStatus', 'needs', 'domesticAbusePerpetrator',
      'registeredSexOffender', 'mappaLevel', 'referrals', 'memberships', 'offences', 'version', 'updatedAt',
    ]),
    // Only a case manager whose token covers the owning partnership sees who a nominal is; the pseudonymous `reference` is beside it.
    'Nominal.identity': identityOf((n: { partnership: { id: number } }) => n.partnership.id),
    ...fieldsOf('NominalIdentity', ['name', 'dateOfBirth', 'pncId'], identityOf((i: { nominal: { partnership?: { id: number } } }) => i.nominal.partnership?.id ?? -1)),
    ...nominalLevel('Referral', ['id', 'nominal', 'agency', 'referralDate', 'matrixScore', 'orgsScore', 'indexOffenceCode', 'panelDate', 'decision', 'decisionNote', 'scope', 'matrix', 'reference', 'version', 'updatedAt']),
    ...nominalLevel('ReferralScope', ['inScope', 'checks']),
    ...nominalLevel('ScopeCheckResult', ['rule', 'passed', 'reason']),
    ...nominalLevel('ReferralMatrix', ['score', 'threshold', 'meetsThreshold', 'factors', 'explanation']),
    ...nominalLevel('ScoredFactorResult', ['factor', 'label', 'value', 'weight', 'points']),
    ...nominalLevel('ReviewDueResult', ['membership', 'reference', 'status', 'lastReviewDate', 'dueDate', 'daysOverdue', 'everyDays']),
    ...nominalLevel('Membership', ['id', 'nominal', 'startDate', 'endDate', 'deselectionReason', 'deselectionNote', 'relevantBanding', 'latestReview', 'offencesInLast12Months', 'reviews', 'version', 'updatedAt']),
    ...nominalLevel('StatusReview', ['id', 'reviewDate', 'status', 'note', 'reference', 'version', 'updatedAt']),
    ...nominalLevel('Offence', ['id', 'category', 'offenceDate', 'outcome', 'outcomeDate', 'reference', 'version', 'updatedAt']),
  },
};
