/**
 * A seeded generator of synthetic nominal-level records. Deterministic: the same seed gives the
 * same records. The people are invented; only the totals are made to agree with what the papers
 * publish (Thurrock at 30 September 2012, Barnet at 31 October 2014, Norfolk & Suffolk in 2014).
 */
import type { DeselectionReason, Gender, Pathway, RagStatus, StatutoryStatus } from '../cohort/cohort.entity.js';
import type { CohortRecordInput, DeselectionInput, NominalInput, OffenceInput, StatusReviewInput } from '../cohort/cohort.input.js';
import { offenceFreeYear } from '../cohort/lifecycle.js';
import { PRIORITY_CRIMSEC3 } from '../reference/offence-classification.js';

export interface NominalPlan extends CohortRecordInput {
  partnership: string;
  membership?: { agreementSignedDate: string; reviews: StatusReviewInput[]; deselection?: DeselectionInput; relevantBanding?: string | null };
}

/** mulberry32: a small, well-known 32-bit PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

class Gen {
  private readonly next: () => number;
  constructor(seed: number) { this.next = seededRandom(seed); }
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]; }
  chance(p: number): boolean { return this.next() < p; }
  dateBetween(from: string, to: string): string { return addDays(from, this.int(0, daysBetween(from, to))); }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
    return out;
  }
  /** A count with the given mean (Poisson, by Knuth's method). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0, p = 1;
    do { k++; p *= this.next(); } while (p > limit);
    return k - 1;
  }
}

const AGE_BANDS = ['18-24', '18-24', '25-34', '25-34', '25-34', '35-44', '35-44', '45+'];
const ETHNICITIES = ['White', 'White', 'White', 'White', 'Black', 'Asian', 'Mixed', 'Other'];
const PATHWAYS: Pathway[] = ['ACCOMMODATION', 'ETE', 'DRUGS', 'ALCOHOL', 'FINANCE', 'FAMILY', 'THINKING_AND_BEHAVIOUR', 'HEALTH', 'LIFESTYLE_AND_ASSOCIATES'];
const ACQUISITIVE = ['28A', '28B', '30A', '30B', '34B', '45', '45', '48', '37.2', '28A', '45'];
const ROBBERY_OR_BURGLARY = ['28A', '28B', '30A', '34A', '34B'];
const NOT_ROBBERY_OR_BURGLARY = ['45', '48', '37.2', '56B'];

interface NominalShape {
  statutoryStatus?: StatutoryStatus;
  hub?: string | null;
  localAuthority?: string | null;
  domesticAbusePerpetrator?: boolean;
  registeredSexOffender?: boolean;
}

function nominal(g: Gen, reference: string, shape: NominalShape): NominalInput {
  return {
    reference,
    gender: (g.chance(0.9) ? 'MALE' : 'FEMALE') as Gender,
    ageBand: g.pick(AGE_BANDS),
    ethnicity: g.pick(ETHNICITIES),
    localAuthority: shape.localAuthority ?? null,
    hub: shape.hub ?? null,
    statutoryStatus: shape.statutoryStatus ?? g.pick<StatutoryStatus>(['NPS', 'CRC', 'NON_STATUTORY']),
    needs: g.shuffle(PATHWAYS).slice(0, g.int(1, 4)),
    domesticAbusePerpetrator: shape.domesticAbusePerpetrator ?? false,
    registeredSexOffender: shape.registeredSexOffender ?? false,
    identity: { name: `Synthetic person ${reference}`, dateOfBirth: null, pncId: null },
  };
}

const offence = (g: Gen, offenceDate: string, code = g.pick(ACQUISITIVE), outcomeDays = g.int(7, 60)): OffenceInput => ({
  crimSec3Code: code, offenceDate, outcome: g.chance(0.8) ? 'CONVICTION' : 'CAUTION', outcomeDate: addDays(offenceDate, outcomeDays),
});

/** Offences spread over (from, to] at `perYear`, each proven within the window's end where possible. */
function offencesBetween(g: Gen, from: string, to: string, perYear: number): OffenceInput[] {
  const span = daysBetween(from, to);
  if (span <= 0) return [];
  return Array.from({ length: g.poisson((perYear * span) / 365) }, () => offence(g, addDays(from, g.int(1, span))));
}

/** The next fortnightly panel on or after `date`, counting from `firstPanel`. */
const panelOnOrAfter = (firstPanel: string, date: string) => addDays(firstPanel, Math.ceil(Math.max(0, daysBetween(firstPanel, date)) / 14) * 14);

interface SpellPlan {
  partnership: string;
  reference: string;
  shape: NominalShape;
  agencies: readonly string[];
  firstPanel: string;
  start: string;
  status: RagStatus;
  statusDate: string;
  end?: { date: string; reason: DeselectionReason; note?: string };
  preJoinPerYear: number;
  duringPerYear: number;
  until: string;
  orgs?: number;
  indexOffence?: string;
}

/** A member's whole lifecycle: referral → panel → signed agreement → reviews → (de-selection), with offences. */
function member(g: Gen, plan: SpellPlan): NominalPlan {
  const panelDate = addDays(plan.start, -g.int(1, 10));
  const panel = panelOnOrAfter(plan.firstPanel, addDays(panelDate, -13));
  const decided = panel > plan.start ? addDays(plan.start, -1) : panel;
  const referralDate = addDays(decided, -g.int(3, 20));
  const firstReviewDate = addDays(plan.start, g.int(0, 6));
  const reviews: StatusReviewInput[] = [];
  const last = plan.end ? plan.end.date : plan.statusDate;
  if (firstReviewDate < last) reviews.push({ reviewDate: firstReviewDate, status: g.pick<RagStatus>(['RED', 'AMBER', 'AMBER', 'GREEN']) });
  if (!plan.end) reviews.push({ reviewDate: plan.statusDate < plan.start ? plan.start : plan.statusDate, status: plan.status });
  const stop = plan.end ? plan.end.date : plan.until;
  const offences = [
    ...offencesBetween(g, addDays(plan.start, -365), addDays(plan.start, -1), plan.preJoinPerYear),
    ...offencesBetween(g, plan.start, stop < plan.until ? stop : plan.until, plan.duringPerYear),
    ...(plan.end ? offencesBetween(g, plan.end.date, plan.until, plan.duringPerYear / 2) : []),
  ];
  return {
    partnership: plan.partnership,
    nominal: nominal(g, plan.reference, plan.shape),
    referral: { agency: g.pick(plan.agencies), referralDate, matrixScore: g.int(20, 60), orgsScore: plan.orgs ?? g.int(50, 95), indexOffenceCode: plan.indexOffence ?? g.pick(ACQUISITIVE) },
    decision: { panelDate: decided, decision: 'ACCEPTED' },
    membership: {
      agreementSignedDate: plan.start,
      reviews,
      deselection: plan.end ? { endDate: plan.end.date, reason: plan.end.reason, note: plan.end.note ?? null, review: { reviewDate: plan.end.date, status: g.pick<RagStatus>(['AMBER', 'GREEN']) } } : undefined,
    },
    offences,
  };
}

/**
 * Thurrock at 30 September 2012: 51 on the scheme (14 red, 16 amber, 6 green, 15 in prison);
 * 46 at 30 June; 7 added and 2 removed in the quarter; 8 with a proven offence in the quarter.
 */
function thurrock(g: Gen): NominalPlan[] {
  const agencies = ['essex-police', 'essex-probation', 'dip', 'thurrock-council', 'family-mosaic'];
  const common = { partnership: 'thurrock', agencies, firstPanel: '2012-03-07', preJoinPerYear: 1.5, duringPerYear: 0, until: '2012-09-30', shape: { hub: 'Grays probation office', localAuthority: 'Thurrock' } };
  const statuses = g.shuffle<RagStatus>([...Array(14).fill('RED'), ...Array(16).fill('AMBER'), ...Array(6).fill('GREEN'), ...Array(15).fill('IN_PRISON')]);
  const plans: NominalPlan[] = [];
  let n = 0;
  const ref = () => `THU-${String(++n).padStart(4, '0')}`;
  // 49 joined April–June; 3 of them left before July, 2 more in the quarter to September.
  const q2Leavers = [
    { date: '2012-05-21', reason: 'MOVED_OUT_OF_AREA' as const },
    { date: '2012-06-11', reason: 'DEPORTED' as const },
    { date: '2012-06-25', reason: 'OTHER' as const, note: 'Sentenced to a long custodial term; managed by the prison offender manager.' },
  ];
  const q3Leavers = [
    { date: '2012-08-14', reason: 'MOVED_OUT_OF_AREA' as const },
    { date: '2012-09-10', reason: 'ACCEPTED_BY_MAPPA' as const },
  ];
  let active = 0;
  for (let i = 0; i < 49; i++) {
    const end = i < 3 ? q2Leavers[i] : i < 5 ? q3Leavers[i - 3] : undefined;
    const start = end && end.date < '2012-07-01' ? g.dateBetween('2012-04-02', '2012-04-30') : g.dateBetween('2012-04-02', '2012-06-29');
    const status = end ? 'AMBER' : statuses[active++];
    plans.push(member(g, { ...common, reference: ref(), start, status, statusDate: g.dateBetween('2012-09-17', '2012-09-28'), end }));
  }
  for (let i = 0; i < 7; i++) {
    const start = g.dateBetween('2012-07-02', '2012-09-14');
    plans.push(member(g, { ...common, reference: ref(), start, status: statuses[active++], statusDate: g.dateBetween('2012-09-17', '2012-09-28') }));
  }
  // Eight members still on the scheme at 30 September offended in the quarter and were convicted or cautioned by then.
  const onScheme = plans.filter((p) => !p.membership!.deselection && p.membership!.agreementSignedDate < '2012-07-01');
  const offenders = onScheme.filter((p) => ['RED', 'IN_PRISON'].includes(p.membership!.reviews.at(-1)!.status)).slice(0, 8);
  for (const p of offenders) p.offences.push(offence(g, g.dateBetween('2012-07-02', '2012-09-10'), g.pick(ACQUISITIVE), g.int(3, 18)));
  // Not counted: an offence in the quarter proven only after 30 September; an offence by a member who left in the quarter.
  const notYetProven = onScheme.find((p) => !offenders.includes(p))!;
  notYetProven.offences.push({ crimSec3Code: '45', offenceDate: '2012-09-24', outcome: 'CONVICTION', outcomeDate: '2012-10-18' });
  plans[3].offences.push({ crimSec3Code: '48', offenceDate: '2012-07-20', outcome: 'CAUTION', outcomeDate: '2012-07-27' });
  // Referrals the panel declined.
  for (let i = 0; i < 3; i++) {
    const referralDate = g.dateBetween('2012-04-02', '2012-09-10');
    plans.push({
      partnership: 'thurrock', nominal: nominal(g, ref(), common.shape), offences: [],
      referral: { agency: g.pick(agencies), referralDate, matrixScore: g.int(5, 19) },
      decision: { panelDate: panelOnOrAfter('2012-03-07', referralDate), decision: 'DECLINED', note: 'Score below the matrix threshold.' },
    });
  }
  return plans;
}

/** Barnet at 31 October 2014: 56 on the scheme (22 NPS, 34 CRC), 20 removed earlier, 35 non-statutory referrals in scope and 6 not. */
function barnet(g: Gen): NominalPlan[] {
  const agencies = ['met-police', 'nps-london', 'london-crc', 'barnet-council'];
  const common = { partnership: 'barnet', agencies, firstPanel: '2012-01-05', preJoinPerYear: 2.5, duringPerYear: 1.2, until: '2014-10-31' };
  const plans: NominalPlan[] = [];
  let n = 0;
  const ref = () => `BAR-${String(++n).padStart(4, '0')}`;
  const statuses: RagStatus[] = ['RED', 'AMBER', 'AMBER', 'GREEN', 'GREEN', 'IN_PRISON'];
  const statutory: StatutoryStatus[] = [...Array(22).fill('NPS'), ...Array(34).fill('CRC')];
  for (const status of statutory)
    plans.push(member(g, { ...common, reference: ref(), shape: { statutoryStatus: status, localAuthority: 'Barnet' }, start: g.dateBetween('2012-06-01', '2014-10-15'), status: g.pick(statuses), statusDate: g.dateBetween('2014-10-16', '2014-10-30') }));
  const reasons: DeselectionReason[] = ['OFFENCE_FREE_YEAR', 'OFFENCE_FREE_YEAR', 'OFFENCE_FREE_YEAR', 'MOVED_OUT_OF_AREA', 'ACCEPTED_BY_MAPPA', 'DEPORTED'];
  for (let i = 0; i < 20; i++) {
    const start = g.dateBetween('2012-02-01', '2013-06-30');
    const end = { date: addDays(start, g.int(380, 480)), reason: g.pick(reasons) };
    plans.push(member(g, { ...common, reference: ref(), shape: { statutoryStatus: g.pick<StatutoryStatus>(['NPS', 'CRC']), localAuthority: 'Barnet' }, start, status: 'GREEN', statusDate: end.date, end }));
  }
  // The mapping exercise (1–17 November 2014): non-statutory cases put through the Pan London rule.
  const nonStatutory = (orgsScore: number, indexOffenceCode: string): NominalPlan => ({
    partnership: 'barnet', nominal: nominal(g, ref(), { statutoryStatus: 'NON_STATUTORY', localAuthority: 'Barnet' }), offences: [],
    referral: { agency: g.pick(['met-police', 'london-crc']), referralDate: g.dateBetween('2014-11-03', '2014-11-17'), matrixScore: g.int(25, 60), orgsScore, indexOffenceCode },
  });
  for (let i = 0; i < 20; i++) plans.push(nonStatutory(g.int(75, 96), g.pick([...ROBBERY_OR_BURGLARY, ...NOT_ROBBERY_OR_BURGLARY])));
  for (let i = 0; i < 15; i++) plans.push(nonStatutory(g.int(50, 74), g.pick(ROBBERY_OR_BURGLARY)));
  for (let i = 0; i < 3; i++) plans.push(nonStatutory(g.int(50, 74), g.pick(NOT_ROBBERY_OR_BURGLARY)));
  for (let i = 0; i < 3; i++) plans.push(nonStatutory(g.int(30, 49), g.pick(ROBBERY_OR_BURGLARY)));
  return plans;
}

/** Norfolk & Suffolk in 2014: Suffolk 103 on the scheme and Norfolk 44 (within the capacity of 150), with leavers and declined referrals. */
function norfolkSuffolk(g: Gen): NominalPlan[] {
  const agencies = ['norfolk-constabulary', 'suffolk-constabulary', 'nspt', 'daat'];
  const common = { partnership: 'norfolk-suffolk', agencies, firstPanel: '2012-01-04', preJoinPerYear: 1.4, duringPerYear: 1.05, until: '2014-10-24' };
  const counties = [
    { county: 'Suffolk', prefix: 'SUF', hubs: ['Ipswich', 'Bury St Edmunds / Kings Lynn', 'Gorleston / Lowestoft'], active: 103, removed: 30 },
    { county: 'Norfolk', prefix: 'NOR', hubs: ['Norwich', 'Gorleston / Lowestoft', 'Bury St Edmunds / Kings Lynn'], active: 44, removed: 10 },
  ];
  const plans: NominalPlan[] = [];
  const reasons: DeselectionReason[] = ['OFFENCE_FREE_YEAR', 'OFFENCE_FREE_YEAR', 'MOVED_OUT_OF_AREA', 'ACCEPTED_BY_MAPPA', 'HOSPITAL_ORDER', 'DIED'];
  for (const c of counties) {
    let n = 0;
    const ref = () => `${c.prefix}-${String(++n).padStart(4, '0')}`;
    const shape = () => ({ localAuthority: c.county, hub: g.pick(c.hubs) });
    for (let i = 0; i < c.active; i++)
      plans.push(member(g, { ...common, reference: ref(), shape: shape(), start: g.dateBetween('2012-09-01', '2014-08-29'), status: g.pick<RagStatus>(['RED', 'AMBER', 'AMBER', 'GREEN', 'IN_PRISON']), statusDate: g.dateBetween('2014-10-01', '2014-10-23') }));
    for (let i = 0; i < c.removed; i++) {
      const start = g.dateBetween('2012-06-01', '2013-06-30');
      plans.push(member(g, { ...common, reference: ref(), shape: shape(), start, status: 'GREEN', statusDate: start, end: { date: addDays(start, g.int(370, 420)), reason: g.pick(reasons) } }));
    }
    // Referrals the panel declined under the exclusions (paper 3.3).
    for (const [da, rso] of [[true, false], [false, true], [true, true]] as const) {
      const referralDate = g.dateBetween('2014-04-01', '2014-09-30');
      plans.push({
        partnership: 'norfolk-suffolk', nominal: nominal(g, ref(), { ...shape(), domesticAbusePerpetrator: da, registeredSexOffender: rso }), offences: [],
        referral: { agency: g.pick(agencies), referralDate, matrixScore: g.int(30, 60) },
        decision: { panelDate: panelOnOrAfter('2012-01-04', referralDate), decision: 'DECLINED', note: 'Not suitable for 180 (paper 3.3).' },
      });
    }
  }
  return plans;
}

/** Offences that are not priority crimes: shoplifting above all (Suffolk's cohort: "Class A drug users and prolific shoplifters", AP14/73 1.3). */
const NOT_PRIORITY = ['46', '46', '46', '92D', '92D', '105A', '8N', '58D', '54', '49', '83'];

const onSchemeAt = (plan: NominalPlan, date: string) => !!plan.membership && plan.membership.agreementSignedDate <= date && (!plan.membership.deselection || plan.membership.deselection.endDate > date);

/** Whether the member offended in the period (from, to], on the scheme at `to`, proven by then: Thurrock's "re-offended during this period". */
const reoffendedIn = (plan: NominalPlan, from: string, to: string) => onSchemeAt(plan, to)
  && plan.offences.some((o) => o.offenceDate > from && o.offenceDate <= to && o.offenceDate >= plan.membership!.agreementSignedDate && o.outcomeDate <= to);

/**
 * Proven offences that are not priority crimes, drawn from their own stream: the 8 Thurrock members
 * who reoffended in the quarter to 30 September 2012 shoplifted too (so every offence, and priority
 * crimes only, both give 8), some Thurrock members had one before joining; the other partnerships'
 * members offend at a steady rate.
 */
function otherOffences(g: Gen, plans: readonly NominalPlan[]): void {
  for (const plan of plans.filter((p) => p.membership)) {
    const start = plan.membership!.agreementSignedDate;
    if (plan.partnership === 'thurrock') {
      if (reoffendedIn(plan, '2012-06-30', '2012-09-30')) plan.offences.push(offence(g, g.dateBetween(start > '2012-07-01' ? start : '2012-07-01', '2012-09-10'), '46', g.int(3, 18)));
      if (g.chance(0.35)) plan.offences.push(offence(g, addDays(start, -g.int(20, 300)), g.pick(NOT_PRIORITY)));
      continue;
    }
    const until = plan.partnership === 'barnet' ? '2014-10-31' : '2014-10-24';
    for (const o of Array.from({ length: g.poisson((1.2 * daysBetween(addDays(start, -365), until)) / 365) }, () => offence(g, g.dateBetween(addDays(start, -365), until), g.pick(NOT_PRIORITY))))
      if (o.outcomeDate <= until) plan.offences.push(o);
  }
}

/** Thurrock's biggest lifestyle indicators are thinking and behaviour, lifestyle and associates, and alcohol (paper 5.5). */
function thurrockNeeds(g: Gen, plans: readonly NominalPlan[]): void {
  const emphasis: [Pathway, number][] = [['THINKING_AND_BEHAVIOUR', 0.8], ['LIFESTYLE_AND_ASSOCIATES', 0.65], ['ALCOHOL', 0.5]];
  for (const plan of plans.filter((p) => p.partnership === 'thurrock')) {
    const needs = new Set(plan.nominal.needs ?? []);
    for (const [need, p] of emphasis) if (g.chance(p)) needs.add(need);
    plan.nominal.needs = [...needs];
  }
}

/** A member de-selected for a year free of offending has no offence dated in the year before the end. */
function keepOffenceFreeYears(plan: NominalPlan): void {
  const end = plan.membership?.deselection;
  if (end?.reason !== 'OFFENCE_FREE_YEAR') return;
  const year = offenceFreeYear(end.endDate);
  plan.offences = plan.offences.filter((o) => o.offenceDate < year.from || o.offenceDate >= year.to);
}

const PRIORITY_BANDING = new Map(PRIORITY_CRIMSEC3.map((c) => [c.code, c.banding]));

/**
 * The one priority crime banding most relevant to each Norfolk & Suffolk member (Suffolk's method,
 * AP14/73 5.2): the banding of most of their priority offences in the year before joining, else of
 * the index offence; ties go to the banding met first.
 */
function markRelevantOffence(plan: NominalPlan): void {
  if (plan.partnership !== 'norfolk-suffolk' || !plan.membership) return;
  const start = plan.membership.agreementSignedDate;
  const counts = new Map<string, number>();
  for (const o of plan.offences.filter((o) => o.offenceDate < start && o.offenceDate >= addDays(start, -365))) {
    const banding = PRIORITY_BANDING.get(o.crimSec3Code);
    if (banding) counts.set(banding, (counts.get(banding) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  plan.membership.relevantBanding = top?.[0] ?? PRIORITY_BANDING.get(plan.referral?.indexOffenceCode ?? '') ?? null;
}

export const DEMO_COHORT_SEED = 20_121_930;

/** Every synthetic record of the demo, in load order. */
export function generateDemoCohort(seed = DEMO_COHORT_SEED): NominalPlan[] {
  const g = new Gen(seed);
  const plans = [...thurrock(g), ...barnet(g), ...norfolkSuffolk(g)];
  // A second stream for what came later, so the records drawn from the first stay as they were.
  const later = new Gen(seed + 1);
  otherOffences(later, plans);
  thurrockNeeds(later, plans);
  for (const plan of plans) {
    keepOffenceFreeYears(plan);
    markRelevantOffence(plan);
  }
  return plans;
}
