/**
 * The demo partnerships, as published in the five partnership papers in `shared/seeds/`. Every
 * figure carries its source; where a paper's figures disagree or are garbled they are kept as
 * published with a note. This is data: it is loaded through the same services as the mutations.
 */
import type { AgencyFields, PartnershipFields } from '../partnership/partnership.service.js';
import type { EstablishmentLineInput, NonPayLineInput } from '../finance/establishment/establishment.input.js';
import type { CostShareInput } from '../finance/cost-share/cost-share.input.js';
import type { FundingRiskInput, FundingStreamInput } from '../funding/funding.input.js';
import type { AppraisalOptionInput } from '../finance/options/options.input.js';
import type { CohortTargetInput, StaffingRatioInput } from '../partnership/staffing/staffing.input.js';

export interface DemoPartnership {
  partnership: PartnershipFields;
  agencies: AgencyFields[];
  hubs?: string[];
  establishment?: { financialYear: string; lines: EstablishmentLineInput[] }[];
  nonPay?: { financialYear: string; lines: NonPayLineInput[] }[];
  costShares?: { financialYear: string; input: CostShareInput; agreed: boolean }[];
  fundingStreams?: FundingStreamInput[];
  fundingRisks?: { financialYear: string; risks: FundingRiskInput[] }[];
  options?: AppraisalOptionInput[];
  staffingRatios?: StaffingRatioInput[];
  cohortTargets?: CohortTargetInput[];
}

export const DEMO_FINANCIAL_YEARS = ['2012/13', '2013/14', '2014/15', '2015/16', '2016/17'];

const AP14_73 = 'Norfolk & Suffolk Accountability and Performance Panel paper AP14/73, 24 October 2014';
const TURNAROUND = 'Devon & Cornwall and Dorset strategic alliance, TurnAround IOM options appraisal, 2015';
const THURROCK = 'Thurrock Community Safety Partnership report on IOM to Overview and Scrutiny, 31 January 2013';
const BARNET = 'Barnet Safer Communities Partnership, Reducing Re-offending Delivery Group, 31 October 2014';
const WEST_MIDLANDS = 'West Midlands Police report to the Strategic Policing and Crime Board, 7 July 2015';

const post = (grade: string, fte: number, budget: number | null, extra: Partial<EstablishmentLineInput> = {}): EstablishmentLineInput => ({
  grade, kind: 'POST', fte, budget, ...extra,
});

export const DEMO_PARTNERSHIPS: DemoPartnership[] = [
  {
    partnership: {
      code: 'norfolk-suffolk',
      name: 'Norfolk & Suffolk 180 Joint IOM',
      region: 'Norfolk and Suffolk',
      governanceBoard: 'Joint IOM Governance Board, under the Norfolk and Suffolk Local Criminal Justice Board',
      source: AP14_73,
    },
    agencies: [
      { code: 'norfolk-constabulary', name: 'Norfolk Constabulary', kind: 'POLICE' },
      { code: 'suffolk-constabulary', name: 'Suffolk Constabulary', kind: 'POLICE' },
      { code: 'nps', name: 'National Probation Service', kind: 'NPS' },
      { code: 'nscrc', name: 'Norfolk and Suffolk Community Rehabilitation Company', kind: 'CRC' },
      { code: 'nspt', name: 'Norfolk and Suffolk Probation Trust', kind: 'PROBATION_TRUST' },
      { code: 'norfolk-county-council', name: 'Norfolk County Council', kind: 'LOCAL_AUTHORITY' },
      { code: 'norfolk-opcc', name: 'Norfolk Office of the Police and Crime Commissioner', kind: 'OPCC' },
      { code: 'health', name: 'Health', kind: 'HEALTH' },
      { code: 'prisons', name: 'Prisons', kind: 'PRISON' },
      { code: 'daat', name: 'Drug and Alcohol Action Team', kind: 'DRUG_AND_ALCOHOL' },
    ],
    hubs: ['Ipswich', 'Norwich', 'Gorleston / Lowestoft', 'Bury St Edmunds / Kings Lynn'],
    establishment: [
      {
        financialYear: '2014/15',
        lines: [
          // "Baseline budget (inclusive of on-costs and staff abatement): staff pay budgets are abated at 3%": police staff pay
          // (Staff Scale 4), not officers' pay. The paper gives the budgets, not the pay points, so they are entered as published.
          post('Inspector', 1, 69_155, { source: `${AP14_73}, 6.2` }),
          post('Sergeant', 4, 202_868, {
            vacantFte: 3, vacancyBasis: 'Vacant: budgeted at the bottom of the scale', budgetBasis: 'Budgeted at bottom of scale for 3 FTE as vacant posts at time of build', source: `${AP14_73}, 6.2 note 2`,
          }),
          post('Constable', 16, 693_593, { source: `${AP14_73}, 6.2` }),
          post('Staff Scale 4', 2, 50_370, {
            abatementPercent: 3, budgetBasis: 'Staff pay budget abated at 3%', notes: 'Staff costs higher in the new establishment as FTE increased by 0.19', source: `${AP14_73}, 6.2 notes 1 and 3`,
          }),
          { grade: 'Allowances', kind: 'ALLOWANCES', fte: 0, budget: 5_280, source: `${AP14_73}, 6.2` },
          { grade: 'Overtime', kind: 'OVERTIME', fte: 0, budget: 2_678, source: `${AP14_73}, 6.2` },
        ],
      },
    ],
    costShares: [
      {
        financialYear: '2014/15',
        agreed: true,
        input: {
          basis: 'FIXED_PERCENTAGES',
          shares: [
            { agency: 'norfolk-constabulary', percent: 56.5 },
            { agency: 'suffolk-constabulary', percent: 43.5 },
          ],
          source: `${AP14_73}, 6.3`,
        },
      },
    ],
    nonPay: [
      {
        financialYear: '2015/16',
        lines: [
          { category: 'VEHICLES', description: 'Vehicle insurance (12 vehicles at about £800 a year)', quantity: 12, unitCost: 800, amount: 9_600, notes: 'No partner contribution received towards insurance or servicing and maintenance.', source: `${AP14_73}, 6.4` },
          { category: 'TRACKING_DEVICES', description: 'GPS tracking devices', amount: 30_000, notes: 'Likely to be in the region of £30K a year.', source: `${AP14_73}, 6.4` },
        ],
      },
    ],
    fundingStreams: [
      { funder: 'Drug testing funds', purpose: 'Drug testing', amountAgreed: 16_000, amountExpected: 13_000, fromFinancialYear: '2014/15', certainty: 'EXPECTED', notes: 'Agreed at £16k in 2014/15, of which only £13k is currently expected. The paper does not itemise the drug-testing costs this income pays for.', source: `${AP14_73}, 6.4` },
      { funder: 'Norfolk and Suffolk Probation Trust', purpose: 'Vehicle fuel contribution', amountAgreed: 10_000, amountExpected: 10_000, fromFinancialYear: '2014/15', certainty: 'CONFIRMED', notes: 'Not guaranteed for 2015/16. The paper does not itemise the fuel costs this contribution pays for.', source: `${AP14_73}, 6.4` },
      { funder: 'Norfolk Constabulary, Suffolk Constabulary and Norfolk and Suffolk Probation Service', purpose: 'Pathways Co-ordinator Manager post (employed by Norfolk County Council)', fromFinancialYear: '2014/15', toFinancialYear: '2015/16', endDate: '2016-03-31', certainty: 'ENDING', notes: 'This funding ends in the 2015/16 business year; amount not stated.', source: `${AP14_73}, 2.3 and 6.4` },
      { funder: 'Norfolk Office of the Police and Crime Commissioner', purpose: 'Link Worker post (Norfolk)', fromFinancialYear: '2014/15', certainty: 'CONFIRMED', notes: 'Amount not stated.', source: `${AP14_73}, 6.4` },
      { funder: 'Suffolk Constabulary', purpose: 'Link Worker post (Suffolk)', fromFinancialYear: '2014/15', endDate: '2015-03-31', certainty: 'ENDING', notes: 'Funded until the end of the 2014/15 year; amount not stated.', source: `${AP14_73}, 6.4` },
      { funder: 'Partners (not named)', purpose: 'Contingency funding for the E-CINS case management system', fromFinancialYear: '2014/15', certainty: 'UNCERTAIN', notes: 'Whether it continues in 2015/16, with any inflationary charges, is uncertain; amount not stated.', source: `${AP14_73}, 6.4` },
    ],
    fundingRisks: [
      {
        financialYear: '2015/16',
        risks: [
          { title: 'Pathways Co-ordinator Manager funding ends', description: 'The post is employed by Norfolk County Council and funded by Norfolk Constabulary, Suffolk Constabulary and the Norfolk and Suffolk Probation Service; this funding ends in the 2015/16 business year.', certainty: 'ENDING', source: `${AP14_73}, 6.4` },
          { title: 'Premises costs not fully identified', description: 'There may be a recharge between Police and Probation towards utilities, building costs and National Non Domestic Rates.', certainty: 'UNIDENTIFIED', source: `${AP14_73}, 6.4` },
          { title: 'Link Worker posts', description: 'The Norfolk OPCC funds the Norfolk Link Worker; the Suffolk Link Worker is funded by Suffolk Constabulary only until the end of 2014/15.', certainty: 'ENDING', source: `${AP14_73}, 6.4` },
          { title: 'Drug testing income may not continue', description: 'Agreed at £16k in 2014/15, of which only £13k is currently expected; uncertain whether it will continue at all in 2015/16.', exposure: 16_000, certainty: 'UNCERTAIN', source: `${AP14_73}, 6.4` },
          { title: 'Vehicle fuel contribution not guaranteed', description: 'The £10k vehicle fuel contribution from NSPT is not guaranteed for 2015/16.', exposure: 10_000, certainty: 'NOT_GUARANTEED', source: `${AP14_73}, 6.4` },
          { title: 'Vehicle insurance unfunded', description: 'No partner contribution towards vehicle insurance or servicing and maintenance: about £800 a year per vehicle for 12 vehicles is £9,600.', exposure: 9_600, certainty: 'UNIDENTIFIED', source: `${AP14_73}, 6.4` },
          { title: 'E-CINS contingency funding', description: 'Whether contingency funding for E-CINS will continue in 2015/16, together with any inflationary charges.', certainty: 'UNCERTAIN', source: `${AP14_73}, 6.4` },
          { title: 'Tracking devices', description: 'The cost of tracking devices for the JIOM is likely to be in the region of £30K a year.', exposure: 30_000, certainty: 'UNIDENTIFIED', source: `${AP14_73}, 6.4` },
        ],
      },
    ],
  },
  {
    partnership: {
      code: 'turnaround',
      name: 'TurnAround IOM (Devon & Cornwall and Dorset)',
      region: 'Devon, Cornwall and Dorset',
      governanceBoard: 'Strategic Alliance Prevention Directorate',
      source: TURNAROUND,
    },
    agencies: [
      { code: 'devon-cornwall-police', name: 'Devon & Cornwall Police', kind: 'POLICE' },
      { code: 'dorset-police', name: 'Dorset Police', kind: 'POLICE' },
    ],
    options: [
      {
        programme: 'TurnAround IOM', option: 1, status: 'DISCOUNTED', source: TURNAROUND,
        title: 'Align Dorset with the Devon & Cornwall TurnAround programme',
        description: 'Increase PPO managers in the Dorset establishment; enable an increase of the PPO cohort in Dorset; retain the additional IOM manager in Dorset (growth post); no change to the Devon and Cornwall TurnAround structure.',
        reason: 'Does not support the direction of travel of the Strategic Alliance, does not take into account developments in legislation and partnership obligations, and does not contribute to the cost saving required.',
      },
      {
        programme: 'TurnAround IOM', option: 2, status: 'DISCOUNTED', saving: 1_674, savingPercent: 5.3, source: TURNAROUND,
        title: 'Change strategic governance and focus, reducing PPO manager numbers through the Strategic Alliance',
        description: 'Strategic governance within the Alliance Prevention Directorate; TurnAround Inspector (1 FTE) integrated; Programme Strategic Support Officer ceases; D/Sgt IOM managers replaced with 5 police staff coordinators; PPO offender managers increase to 22 FTE through re-alignment; IOM researcher role ceases.',
        reason: 'Not considered viable: a 5.3% cost saving (£1,674), and it does not support the direction of travel of the Strategic Alliance.',
        notes: 'Saving kept as published (5.3%, £1,674); the two figures do not describe the same base.',
      },
      {
        programme: 'TurnAround IOM', option: 3, status: 'PREFERRED', saving: 72_804, savingPercent: 12.8, source: TURNAROUND,
        title: 'Change strategic governance, aligning with Troubled Families and Youth Offending (Crime Prevention Directorate)',
        description: 'Specialist PPO management teams focus on super-prolific offenders (8% of the cohort, committing 10 or more crimes each); statutory offenders at lower risk policed locally and managed by the CRC. Inspector (1 FTE) into the Prevention Directorate; 1 FTE strategic support ceases; 5 FTE D/Sgt IO managers; 14 super-prolific offender managers; 6 researcher posts remain.',
        reason: 'Preferred: 12.8% cost savings (£72,804), maximum opportunity, reduced crime, prolific offender rehabilitation, Offender Rehabilitation Act legislation, and defined roles and responsibilities.',
        notes: 'The option\'s staffing list gives the reduction of 5 FTE PPO IO managers as "167,804 cost savings"; the headline saving is £72,804 (12.8%). Both kept as published.',
      },
      {
        programme: 'TurnAround IOM', option: 4, status: 'DISCOUNTED', saving: 1_032_014, savingPercent: 61, source: TURNAROUND,
        title: 'IOM becomes core business within the Neighbourhood Policing Model by 2017 (Northumbria model, 2-year phased implementation)',
        description: 'IOM inspectors and strategic support offices in the Prevention Directorate; TurnAround pilots transferred to neighbourhood beat managers; 2 police beat IOM coordinators co-located with community partnership units; 20 FTE offender managers based in local areas.',
        reason: 'Devon\'s Op. Census review found that Safer Neighbourhood Teams cannot take on the additional functionality and senior responsibilities, and Dorset\'s neighbourhood teams are in a similar position.',
        notes: 'Status printed as "Discovered" in the paper (read as Discounted). 61% saving (1,032,014) on full implementation after 2 years; if the 20 officers were used elsewhere (e.g. safeguarding) and the savings not realised, 12% (162,100).',
      },
    ],
  },
  {
    partnership: {
      code: 'thurrock',
      name: 'Thurrock IOM',
      region: 'Essex',
      governanceBoard: 'IOM Governance Board, reporting to Thurrock Community Safety Partnership',
      source: THURROCK,
    },
    agencies: [
      { code: 'essex-police', name: 'Essex Police', kind: 'POLICE' },
      { code: 'essex-probation', name: 'Essex Probation', kind: 'PROBATION_TRUST' },
      { code: 'family-mosaic', name: 'Family Mosaic', kind: 'HOUSING' },
      { code: 'dip', name: 'Drug Intervention Programme', kind: 'DRUG_AND_ALCOHOL' },
      { code: 'thurrock-csp', name: 'Thurrock Community Safety Partnership', kind: 'COMMUNITY_SAFETY_PARTNERSHIP' },
      { code: 'thurrock-council', name: 'Thurrock Council', kind: 'LOCAL_AUTHORITY' },
    ],
    hubs: ['Grays probation office'],
    establishment: [
      {
        financialYear: '2012/13',
        lines: [
          post('Police sergeant', 1, null, { employingAgency: 'essex-police', notes: 'Covers the western policing district (Harlow, Epping and Brentwood as well as Thurrock).', source: `${THURROCK}, 3.1` }),
          post('Police officer (seconded)', 2, null, { employingAgency: 'essex-police', source: `${THURROCK}, 3.1` }),
          post('Probation IOM offender manager', 0.5, null, { employingAgency: 'essex-probation', notes: 'Funded by Thurrock CSP until March 2013; probation expected to mainstream the post.', source: `${THURROCK}, 3.1–3.2` }),
          post('Housing worker (Family Mosaic)', 0.8, null, { employingAgency: 'family-mosaic', notes: 'Funded through Supporting People.', source: `${THURROCK}, 3.1` }),
          post('Drugs intervention worker (DIP)', 0.3, null, { employingAgency: 'dip', notes: '1.5 days a week (0.3 FTE of a 5-day week).', source: `${THURROCK}, 3.1` }),
          post('Alcohol worker', 0.5, null, { notes: 'Trial post, funded to September 2013.', source: `${THURROCK}, 3.1 and 3.4` }),
        ],
      },
    ],
    fundingStreams: [
      { funder: 'Thurrock Community Safety Partnership', purpose: 'Probation IOM offender manager post', fromFinancialYear: '2012/13', endDate: '2013-03-31', certainty: 'ENDING', notes: 'Funding ceases in March 2013; confirmation that probation will mainstream the post is expected.', source: `${THURROCK}, 3.2` },
      { funder: 'Safer Stronger Communities Fund', purpose: 'Drugs intervention worker (DIP)', fromFinancialYear: '2012/13', endDate: '2013-03-31', certainty: 'ENDING', notes: 'The fund migrates to the Police and Crime Commissioner in April 2013.', source: `${THURROCK}, 3.3` },
      { funder: 'Supporting People', purpose: 'Family Mosaic housing worker (0.8 FTE)', fromFinancialYear: '2012/13', certainty: 'CONFIRMED', source: `${THURROCK}, 3.1` },
      { funder: 'Trial funding (funder not named)', purpose: 'Alcohol worker (0.5 FTE trial post)', fromFinancialYear: '2012/13', toFinancialYear: '2013/14', endDate: '2013-09-30', certainty: 'ENDING', notes: 'Funded to September 2013; the trial will be evaluated before further funding is sought.', source: `${THURROCK}, 3.4` },
      { funder: 'Thurrock Community Safety Partnership', purpose: 'Operational fund for non-statutory offenders (travel, identity documents, education and training)', fromFinancialYear: '2012/13', endDate: '2013-03-31', certainty: 'ENDING', notes: 'No further funding from the Local Authority or the CSP from April 2013.', source: `${THURROCK}, 3.5 and 6.1` },
    ],
    fundingRisks: [
      {
        financialYear: '2013/14',
        risks: [
          { title: 'Offender manager post: CSP funding ceases', description: 'Thurrock CSP funding for the probation IOM offender manager ceases in March 2013.', certainty: 'ENDING', mitigation: 'Confirmation that probation will mainstream the post is expected.', source: `${THURROCK}, 3.2` },
          { title: 'DIP worker funding moves to the Police and Crime Commissioner', description: 'The Safer Stronger Communities Fund migrates to the PCC in April 2013.', certainty: 'UNCERTAIN', source: `${THURROCK}, 3.3` },
          { title: 'Alcohol worker funded only to September 2013', description: 'The alcohol worker is a trial post funded to September 2013.', certainty: 'ENDING', mitigation: 'Evaluate the trial before seeking further funding.', source: `${THURROCK}, 3.4` },
          { title: 'No Local Authority or CSP funding from April 2013', description: 'There is no further funding from the Local Authority or the Community Safety Partnership to support IOM from April 2013.', certainty: 'UNIDENTIFIED', mitigation: 'The Thurrock member of the Police and Crime Panel to work with the PCC to secure continued funding.', source: `${THURROCK}, 1.2 and 6.1` },
        ],
      },
    ],
  },
  {
    partnership: {
      code: 'barnet',
      name: 'Barnet IOM',
      region: 'London',
      governanceBoard: 'Barnet Safer Communities Partnership Board',
      source: BARNET,
    },
    agencies: [
      { code: 'met-police', name: 'Metropolitan Police Service', kind: 'POLICE' },
      { code: 'nps-london', name: 'National Probation Service (London)', kind: 'NPS' },
      { code: 'london-crc', name: 'London Community Rehabilitation Company', kind: 'CRC' },
      { code: 'barnet-council', name: 'London Borough of Barnet', kind: 'LOCAL_AUTHORITY' },
      { code: 'mopac', name: "Mayor's Office for Policing and Crime", kind: 'OPCC' },
    ],
    staffingRatios: [
      { caseload: 'NPS', grade: 'Offender manager', fte: 0.8, perNominals: 40, source: `${BARNET}, 5.4` },
      { caseload: 'NPS', grade: 'Police officer', fte: 1, perNominals: 40, source: `${BARNET}, 5.4` },
      { caseload: 'CRC', grade: 'Offender manager', fte: 1.3, perNominals: 40, source: `${BARNET}, 5.4` },
      { caseload: 'CRC', grade: 'Police officer', fte: 1, perNominals: 40, source: `${BARNET}, 5.4` },
    ],
    cohortTargets: [
      {
        baseline: 56, baselineDate: '2014-10-31', target: 200, targetDate: '2016-03-31',
        notes: 'Current cohort 56 (22 NPS, 34 CRC) with 35 non-statutory cases likely in scope from 2015; the increase is split between 2014/15 and 2015/16.',
        source: `${BARNET}, 2.3, 5.3 and 6.1`,
      },
    ],
  },
  {
    partnership: {
      code: 'west-midlands',
      name: 'West Midlands IOM',
      region: 'West Midlands',
      governanceBoard: 'Strategic Policing and Crime Board',
      source: WEST_MIDLANDS,
    },
    agencies: [
      { code: 'west-midlands-police', name: 'West Midlands Police', kind: 'POLICE' },
      { code: 'nps', name: 'National Probation Service', kind: 'NPS' },
      { code: 'rrp-crc', name: 'Reducing Reoffending Partnership (Staffordshire and West Midlands CRC)', kind: 'CRC' },
      { code: 'wm-opcc', name: 'West Midlands Office of the Police and Crime Commissioner', kind: 'OPCC' },
    ],
    hubs: ['Birmingham', 'Coventry', 'Dudley', 'Sandwell', 'Solihull', 'Walsall', 'Wolverhampton'],
  },
];
