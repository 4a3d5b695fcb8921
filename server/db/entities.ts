import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { Agency, Hub, Partnership } from '../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from '../finance/establishment/establishment-line.entity.js';
import { CostShareAgreement, CostShareEntry } from '../finance/cost-share/cost-share-agreement.entity.js';
import { FundingRisk, FundingStream } from '../funding/funding.entity.js';
import { AppraisalOption } from '../finance/options/appraisal-option.entity.js';
import { CohortTarget, SavedScenario, StaffingRatio } from '../finance/scenario/planning.entity.js';
import { HubMeta } from './hub-meta.entity.js';
import { Versioned } from './versioned.js';

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
  FundingStream,
  FundingRisk,
  AppraisalOption,
  StaffingRatio,
  CohortTarget,
  SavedScenario,
];
