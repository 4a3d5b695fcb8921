import { registerEnumType } from 'type-graphql';

/** What a breakdown groups by; each maps to one whitelisted SQL expression (members.sql.ts). */
export const CohortGrouping = {
  NONE: 'NONE',
  PARTNERSHIP: 'PARTNERSHIP',
  AREA: 'AREA',
  LOCAL_AUTHORITY: 'LOCAL_AUTHORITY',
  GENDER: 'GENDER',
  AGE_BAND: 'AGE_BAND',
  ETHNICITY: 'ETHNICITY',
  STATUTORY_STATUS: 'STATUTORY_STATUS',
  PATHWAY: 'PATHWAY',
  OFFENCE_GROUP: 'OFFENCE_GROUP',
} as const;
export type CohortGrouping = (typeof CohortGrouping)[keyof typeof CohortGrouping];

registerEnumType(CohortGrouping, {
  name: 'CohortGrouping',
  description:
    'What a breakdown groups by. AREA: the nominal\'s hub. PATHWAY: each need recorded against the nominal (a member with several needs is in ' +
    'several groups, so the groups add up to more than the whole; `none recorded` for members without one). OFFENCE_GROUP: the CrimSec3 banding ' +
    'of each offence (reoffending rates only).',
});
