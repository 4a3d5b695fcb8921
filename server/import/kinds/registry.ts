/**
 * What can be imported: one file per kind beside this one (its columns, lookups, row check, key
 * within the file and batch write); this list is the order `iom-hub import --help` gives them.
 */
import type { ImportKind } from './import-kind.js';
import { nominalsKind } from './nominals.kind.js';
import { statusReviewsKind } from './status-reviews.kind.js';
import { offencesKind } from './offences.kind.js';
import { establishmentLinesKind } from './establishment-lines.kind.js';
import { fundingStreamsKind } from './funding-streams.kind.js';
import { fundingRisksKind } from './funding-risks.kind.js';
import { reoffendingKind } from './reoffending.kind.js';
import { unitCostsKind } from './unit-costs.kind.js';
import { priorityCrimeRatesKind } from './priority-crime-rates.kind.js';
import { identitiesKind } from './identities.kind.js';
import { referralsKind } from './referrals.kind.js';
import { nonPayLinesKind } from './non-pay-lines.kind.js';
import { costSharesKind } from './cost-shares.kind.js';
import { appraisalOptionsKind } from './appraisal-options.kind.js';
import { costOfCrimeKind } from './cost-of-crime.kind.js';

/** Every kind, in the order `iom-hub import --help` lists them. */
export const IMPORT_KINDS: readonly ImportKind[] = [
  nominalsKind, identitiesKind, referralsKind, statusReviewsKind, offencesKind,
  establishmentLinesKind, nonPayLinesKind, costSharesKind, appraisalOptionsKind, fundingStreamsKind, fundingRisksKind,
  reoffendingKind, priorityCrimeRatesKind, costOfCrimeKind, unitCostsKind,
];

export function importKind(name: string): ImportKind | undefined {
  const wanted = name.toLowerCase().replace(/[^a-z]/g, '');
  return IMPORT_KINDS.find((kind) => kind.name.replace(/-/g, '') === wanted || kind.name.replace(/-/g, '') === wanted.replace(/s$/, '') + 's');
}
