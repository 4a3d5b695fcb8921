import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { Agency, Hub, Partnership } from '../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from '../finance/establishment/establishment-line.entity.js';
import { CostShareAgreement, CostShareEntry } from '../finance/cost-share/cost-share-agreement.entity.js';
import { CostShareVersion } from '../finance/cost-share/cost-share-version.entity.js';
import { MediumTermPlanVariant } from '../planning/medium-term/medium-term-plan.entity.js';
import { FundingRisk, FundingStream } from '../funding/funding.entity.js';
import { AppraisalOption } from '../finance/options/appraisal-option.entity.js';
import { CohortTarget, StaffingRatio } from '../partnership/staffing/staffing.entity.js';
import { SavedScenario } from '../planning/saved-scenario.entity.js';
import { CrimeCategory, UnitCostOfCrime } from '../reference/crime-category.entity.js';
import { Membership, Nominal, NominalIdentity, Offence, PartnershipScopeRule, Referral, StatusReview } from '../cohort/cohort.entity.js';
import { PublishedCostOfCrime, PublishedPriorityCrimeRate, PublishedReoffending } from '../performance/published/published.entity.js';
import { HubMeta } from './hub-meta.entity.js';
import { Versioned } from '../db/versioned.js';
import { AccessToken } from '../access/access-token.entity.js';
import { AuditEntry, AuditNominalRead } from '../access/audit-entry.entity.js';

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
  SavedScenario,
  MediumTermPlanVariant,
  CrimeCategory,
  UnitCostOfCrime,
  Nominal,
  NominalIdentity,
  Referral,
  Membership,
  StatusReview,
  Offence,
  PartnershipScopeRule,
  PublishedPriorityCrimeRate,
  PublishedReoffending,
  PublishedCostOfCrime,
  AccessToken,
  AuditEntry,
  AuditNominalRead,
];
