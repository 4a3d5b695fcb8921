import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { Agency, Hub, Partnership } from '../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from '../finance/establishment/establishment-line.entity.js';
import { CostShareAgreement, CostShareEntry } from '../finance/cost-share/cost-share-agreement.entity.js';
import { CostShareVersion } from '../finance/cost-share/cost-share-version.entity.js';
import { MediumTermPlanVariant } from '../planning/medium-term/medium-term-plan.entity.js';
import { FundingRisk, FundingStream } from '../funding/funding.entity.js';
import { AppraisalOption } from '../finance/options/appraisal-option.entity.js';
import { CohortCapacity, CohortTarget, StaffingRatio } from '../partnership/staffing/staffing.entity.js';
import { SavedScenario } from '../planning/saved-scenario.entity.js';
import { CrimeCategory, CrimeClassification, UnitCostOfCrime } from '../reference/crime-category.entity.js';
import { Membership, Nominal, NominalIdentity, Offence, PartnershipScopeRule, Referral, ReviewCadence, ScoringMatrix, StatusReview } from '../cohort/cohort.entity.js';
import { PublishedCostOfCrime, PublishedPriorityCrimeRate, PublishedReoffending } from '../performance/published/published.entity.js';
import { HubMeta } from './hub-meta.entity.js';
import { Versioned } from '../db/versioned.js';
import { AccessToken } from '../access/access-token.entity.js';
import { AuditEntry, AuditReadBlock } from '../access/audit-entry.entity.js';
import { ReportVersion } from '../reports/report-version.entity.js';
import { ParameterSet } from '../reports/parameter-set.entity.js';
import { QueryDocument, WorkbookBindingRecord, WorkbookRecord } from '../reports/lineage.entity.js';
import { SnapshotBinding, WorkbookSnapshot } from '../reports/snapshot.entity.js';

/** Every mapped class, listed explicitly: no folder scanning, so every runner sees the same model. */
export const entities = [
  Versioned,
  HubMeta,
  FinancialYear,
  Partnership,
  Agency,
  Hub,
  EstablishmentLine,
  NonPayLine,
  CostShareAgreement,
  CostShareEntry,
  CostShareVersion,
  FundingStream,
  FundingRisk,
  AppraisalOption,
  StaffingRatio,
  CohortTarget,
  CohortCapacity,
  SavedScenario,
  MediumTermPlanVariant,
  CrimeCategory,
  CrimeClassification,
  UnitCostOfCrime,
  Nominal,
  NominalIdentity,
  Referral,
  Membership,
  StatusReview,
  Offence,
  PartnershipScopeRule,
  ScoringMatrix,
  ReviewCadence,
  PublishedPriorityCrimeRate,
  PublishedReoffending,
  PublishedCostOfCrime,
  AccessToken,
  AuditEntry,
  AuditReadBlock,
  ReportVersion,
  ParameterSet,
  WorkbookRecord,
  QueryDocument,
  WorkbookBindingRecord,
  WorkbookSnapshot,
  SnapshotBinding,
];
