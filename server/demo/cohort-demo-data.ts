/**
 * Cohort demo data: the CrimSec3 reference table, the figures the papers publish (stored as
 * published, with their source), and the sizes the synthetic nominal-level records are generated
 * to (cohort-generator.ts). No real person is described anywhere: every record is generated.
 */
import type { CrimeCategoryFields, UnitCostFields } from '../reference/reference.service.js';
import { AP14_73, PRIORITY_CRIMSEC3 } from '../reference/offence-classification.js';
import type { PublishedCostFields, PublishedRateFields, PublishedReoffendingFields } from '../performance/published/published.service.js';

const BARNET = 'Barnet Safer Communities Partnership, Reducing Re-offending Delivery Group, 31 October 2014';
const WEST_MIDLANDS = 'West Midlands Police report to the Strategic Policing and Crime Board, 7 July 2015';

/** The Norfolk & Suffolk paper's priority-crime table (3.4), in its order: part of the offence classification the hub ships. */
export const CRIMSEC3_TABLE: CrimeCategoryFields[] = PRIORITY_CRIMSEC3;

const ILLUSTRATIVE =
  'Illustrative round figures for the demo only; no paper in the demo set publishes unit costs. Load the Home Office unit costs your ' +
  'partnership uses as a new table version before quoting a cost of offending.';

/** A unit-cost table for the demo, clearly marked as illustrative. */
export const DEMO_UNIT_COSTS: UnitCostFields[] = [
  ['Burglary Dwelling', 3_000], ['Burglary Non-Dwelling', 2_500], ['Priority Crime Other', 2_000], ['Priority Criminal Damage', 1_500],
  ['Priority Violence', 10_000], ['Robbery', 7_000], ['Theft from Motor Vehicle', 850], ['Theft of Motor Vehicle', 4_000],
].map(([banding, cost]) => ({ tableVersion: 'demo-illustrative-1', banding: banding as string, cost: cost as number, source: ILLUSTRATIVE }));

const suffolk = (month: string, preRate: number, liveRate: number, percentChange: number): PublishedRateFields => ({
  month, preRate, liveRate, percentChange, source: `${AP14_73}, 5.4 (Suffolk cohort)`,
  // Suffolk only, counting "the one crime most relevant to the offender" (5.2).
  area: 'Suffolk', method: 'MOST_RELEVANT_OFFENCE',
});

/** Suffolk's pre-IOM vs live-IOM priority crime rate, Sep-13 to Aug-14, as printed (5.4). */
export const SUFFOLK_PRIORITY_CRIME_RATES: PublishedRateFields[] = [
  suffolk('2013-09', 1.43, 1.38, -4), suffolk('2013-10', 1.37, 1.28, -7), suffolk('2013-11', 1.18, 1.21, 3), suffolk('2013-12', 1.13, 1.2, 7),
  suffolk('2014-01', 1.34, 1.1, -18), suffolk('2014-02', 1.42, 1.18, -17), suffolk('2014-03', 1.3, 1.18, -9), suffolk('2014-04', 1.25, 1.04, -17),
  suffolk('2014-05', 1.1, 0.98, -11), suffolk('2014-06', 1.16, 0.98, -16), suffolk('2014-07', 1.13, 1, -11), suffolk('2014-08', 1.76, 0.96, -46),
];

const moj = (force: string, localAuthority: string | null, cohortSize: number, actualRate: number, predictedRate: number, differencePercent: number, rankByDifference: number, rankByActual: number, note?: string): PublishedReoffendingFields => ({
  force, localAuthority, cohortSize, actualRate, predictedRate, differencePercent, rankByDifference, rankByActual, note: note ?? null,
  source: `${WEST_MIDLANDS}, table one (MoJ proven reoffending; ranks are national, of 175 local authority areas)`,
});
const WM = 'West Midlands', MS = 'Merseyside', GM = 'Greater Manchester', WY = 'West Yorkshire';

/** The West Midlands paper's table one, 27 rows, in its order (39–40). */
export const WEST_MIDLANDS_REOFFENDING: PublishedReoffendingFields[] = [
  moj(WM, 'Sandwell', 4575, 5.38, 7.23, -25.66, 1, 1),
  moj(WM, 'Dudley', 2812, 5.76, 7.5, -23.2, 2, 2),
  moj(WM, 'Solihull', 1758, 6.94, 7.97, -12.9, 22, 6),
  moj(WM, 'Wolverhampton', 3546, 6.97, 8.41, -17.17, 8, 7),
  moj(WM, 'Birmingham', 17843, 6.99, 8.12, -13.89, 17, 8),
  moj(WM, 'Coventry', 4660, 7.17, 8.49, -15.55, 12, 15),
  moj(MS, 'Knowsley', 2371, 7.47, 7.31, 2.09, 122, 24),
  moj(MS, 'Sefton', 2837, 7.47, 7.71, -3.11, 82, 25),
  moj(GM, 'Trafford', 2056, 7.73, 8.98, -13.89, 16, 35),
  moj(WM, 'Walsall', 3444, 7.84, 8.96, -12.46, 26, 39),
  moj(GM, 'Salford', 4161, 8.22, 9.04, -9.06, 44, 55),
  moj(WY, 'Bradford', 7136, 8.24, 9.51, -13.37, 20, 56),
  moj(MS, 'St Helens', 1931, 8.29, 8.48, -2.24, 94, 61),
  moj(MS, 'Liverpool', 9457, 8.32, 8.53, -2.48, 90, 62),
  moj(WY, 'Calderdale', 2216, 8.39, 10.18, -17.58, 6, 66),
  moj(WY, 'Kirklees', 4731, 8.41, 9.47, -11.19, 34, 68),
  moj(GM, 'Rochdale', 3020, 8.48, 9.06, -6.44, 62, 70),
  moj(GM, 'Stockport', 2743, 8.64, 8.43, 2.49, 123, 75),
  moj(GM, 'Bury', 2448, 8.7, 8.47, 2.67, 124, 76),
  moj(GM, 'Manchester', 10614, 8.78, 9.26, -5.13, 74, 81),
  moj(GM, null, 2957, 8.83, 8.87, -0.54, 107, 84, 'The local authority is blank in the published table.'),
  moj(MS, 'Wirral', 3744, 8.84, 8.85, -0.12, 111, 85),
  moj(GM, 'Oldham', 3017, 8.95, 9.21, -2.82, 84, 87),
  moj(WY, 'Wakefield', 3727, 9.26, 10.14, -8.73, 48, 96),
  moj(GM, 'Bolton', 3298, 9.28, 9.04, 2.68, 125, 98),
  moj(WY, 'Leeds', 10952, 9.43, 10.4, -9.32, 42, 106),
  moj(GM, 'Tameside', 2534, 10.38, 9.62, 7.87, 148, 134),
];

/** Barnet's Home Office costing of the cohort's crimes (6.2), as printed ("n/a" is null). */
export const BARNET_COST_OF_CRIME: PublishedCostFields[] = [
  { group: '24 months before', before: null, during: null, after: null, note: 'n/a in every column as published.', source: `${BARNET}, 6.2` },
  { group: 'Current', before: 3_231_375, during: 1_968_337, after: null, source: `${BARNET}, 6.2` },
  { group: 'Removed', before: 2_214_332, during: 759_522, after: 222_612, note: 'The after figure is printed without a £ sign.', source: `${BARNET}, 6.2` },
];

/** Which scope rules each partnership puts its referrals through. */
export const DEMO_SCOPE_RULES: { partnership: string; rules: string[] }[] = [
  { partnership: 'barnet', rules: ['PAN_LONDON_ORGS'] },
  { partnership: 'norfolk-suffolk', rules: ['NORFOLK_SUFFOLK_EXCLUSIONS'] },
];

const THURROCK = 'Thurrock Community Safety Partnership report on IOM to Overview and Scrutiny, 31 January 2013';

/** "There is then a fortnightly review of all red offenders" (Thurrock 2.6); the paper sets no cadence for the other statuses. */
export const DEMO_REVIEW_CADENCE = [{ partnership: 'thurrock', cadence: [{ status: 'RED' as const, everyDays: 14 }], source: `${THURROCK}, 2.6` }];

export const DEMO_PUBLISHED = [
  { partnership: 'norfolk-suffolk', values: { priorityCrimeRates: SUFFOLK_PRIORITY_CRIME_RATES } },
  { partnership: 'west-midlands', values: { reoffending: WEST_MIDLANDS_REOFFENDING } },
  { partnership: 'barnet', values: { costOfCrime: BARNET_COST_OF_CRIME } },
];
