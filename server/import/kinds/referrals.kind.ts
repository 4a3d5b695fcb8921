import { badInput } from '../../errors/domain-error.js';
import { InputChecks } from '../../errors/problems.js';
import { PanelDecision, type MatrixFactor } from '../../cohort/cohort.entity.js';
import { referralFields } from '../../cohort/cohort.service.js';
import { checkPanelDecision } from '../../cohort/lifecycle.js';
import type { Matrix } from '../../cohort/scoring.js';
import type { CrimeCategory } from '../../reference/crime-category.entity.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, sep, scopedKey, PARTNERSHIP, NOMINAL_REF, single, COHORT_IMPORTERS } from './import-kind.js';
import { codeMap, nominalIds, nominalOf, partnershipRows } from './lookups.js';

interface ReferralLookups {
  nominals: Map<string, number>;
  agencies: Map<string, number>;
  categories: Map<string, CrimeCategory>;
  matrices: Map<number, Matrix>;
  /** `nominal id, reference` → the first membership started on the referral, for referrals a membership follows. */
  followed: Map<string, string>;
}

/** "priorityOffences=3; orgs=2" → the factors' values, as referNominal takes them. */
function factorValues(textValue: string): { factor: string; value: number }[] {
  return textValue.split(/[;|]/).map((part) => part.trim()).filter(Boolean).map((part) => {
    const match = /^([^=:]+)[=:]\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!match) throw badInput('row.matrixFactors', `"${part}" is not factor=value (e.g. priorityOffences=3; orgs=2).`);
    return { factor: match[1].trim(), value: Number(match[2]) };
  });
}

export const referralsKind: ImportKind<ReferralLookups, DbRow> = {
  name: 'referrals',
  summary: 'Referrals of nominals by partner agencies, scored, with the panel decision where it has been made.',
  entity: 'Referral',
  scoped: true,
  roles: COHORT_IMPORTERS,
  columns: [
    PARTNERSHIP,
    NOMINAL_REF,
    { key: 'reference', header: 'Referral reference', aliases: ['Referral ref', 'Referral ID'], required: true, type: 'text', description: 'The partner\'s own reference, unique for the nominal; a re-import updates the referral with the same reference.' },
    { key: 'agency', header: 'Referring agency', aliases: ['Agency', 'Referred by'], required: true, type: 'text', description: "Code of one of the partnership's agencies." },
    { key: 'referralDate', header: 'Referral date', aliases: ['Date referred', 'Date of referral'], required: true, type: 'date', description: '' },
    { key: 'matrixScore', header: 'Matrix score', aliases: ['Score'], required: false, type: 'integer', description: 'The total on the partnership\'s scoring matrix, when only the total is known.' },
    { key: 'matrixFactors', header: 'Matrix factors', aliases: ['Factors'], required: false, type: 'text', description: 'Every factor of the partnership\'s matrix with its value, e.g. priorityOffences=3; orgs=2: the hub works out the score.' },
    { key: 'orgsScore', header: 'ORGS', aliases: ['ORGS score', 'OGRS'], required: false, type: 'integer', description: 'Likelihood of reconviction within two years, whole percent.' },
    { key: 'indexOffenceCode', header: 'Index offence', aliases: ['Index offence code', 'CrimSec3 code'], required: false, type: 'text', description: 'CrimSec3 code of the index offence.' },
    { key: 'panelDate', header: 'Panel date', aliases: ['Date of panel'], required: false, type: 'date', description: 'With a decision: on or after the referral date.' },
    { key: 'decision', header: 'Decision', aliases: ['Panel decision', 'Outcome'], required: false, type: 'enum', values: Object.values(PanelDecision), description: 'Default PENDING; ACCEPTED or DECLINED needs the panel date.' },
    { key: 'note', header: 'Decision note', aliases: ['Panel note', 'Reason'], required: false, type: 'text', description: '' },
  ],
  async load(db, partnerships) {
    const categories: CrimeCategory[] = (await db('crime_category').select('id', 'code')) as CrimeCategory[];
    const matrices = await partnershipRows<{ partnership_id: number; threshold: number; factors: string | MatrixFactor[] }>(db, 'scoring_matrix', ['partnership_id', 'threshold', 'factors'], partnerships);
    const followed: { nominal_id: number; reference: string; start_date: string }[] = await db('referral')
      .join('membership', 'membership.referral_id', 'referral.id')
      .join('nominal', 'nominal.id', 'referral.nominal_id')
      .whereIn('nominal.partnership_id', partnerships.map((p) => p.id))
      .whereNotNull('referral.reference')
      .select('referral.nominal_id', 'referral.reference', 'membership.start_date');
    const first = new Map<string, string>();
    for (const f of followed) {
      const key = `${f.nominal_id}${sep}${f.reference}`;
      if (!first.has(key) || f.start_date < first.get(key)!) first.set(key, f.start_date);
    }
    return {
      nominals: await nominalIds(db, partnerships),
      agencies: await codeMap(db, 'agency', 'code', partnerships),
      categories: new Map(categories.map((c) => [c.code, c])),
      matrices: new Map(matrices.map((m) => [m.partnership_id, { threshold: m.threshold, factors: typeof m.factors === 'string' ? JSON.parse(m.factors) : m.factors }])),
      followed: first,
    };
  },
  check(v, ctx) {
    // The same checks as referNominal and decideReferral, every problem of the row at once.
    const p = ctx.partnership!;
    const checks = new InputChecks();
    const nominalId = checks.check(() => nominalOf(ctx, text(v, 'nominal')!));
    const agency = text(v, 'agency')!;
    const agencyId = ctx.lookups.agencies.get(`${p.id}${sep}${agency}`);
    if (agencyId === undefined) checks.add(badInput('row.agency', `${p.name} has no agency "${agency}".`));
    const factors = text(v, 'matrixFactors') ? checks.check(() => factorValues(text(v, 'matrixFactors')!)) : null;
    const fields = checks.check(() => referralFields(
      { agency, referralDate: text(v, 'referralDate')!, matrixScore: num(v, 'matrixScore'), orgsScore: num(v, 'orgsScore'), indexOffenceCode: text(v, 'indexOffenceCode'), matrixFactors: factors ?? null, reference: text(v, 'reference') },
      'row', ctx.lookups.categories, ctx.lookups.matrices.get(p.id) ?? null,
    ));
    const reference = text(v, 'reference')!; // its length is referralFields' check
    const decision = (v.decision as PanelDecision | null) ?? 'PENDING';
    let panel = { panelDate: null as string | null, decision: 'PENDING' as PanelDecision, decisionNote: null as string | null };
    if (decision !== 'PENDING' || text(v, 'panelDate')) {
      const decided = checks.check(() => checkPanelDecision('row', fields?.referralDate ?? '', { panelDate: text(v, 'panelDate') ?? '', decision, note: text(v, 'note') }));
      if (decided) panel = decided;
    } else if (text(v, 'note')) checks.add(badInput('row.note', 'a decision note goes with the panel\'s decision (ACCEPTED or DECLINED) and its date.'));
    // A referral a membership follows stays accepted, by a panel no later than the membership's start.
    const started = nominalId !== undefined && reference ? ctx.lookups.followed.get(`${nominalId}${sep}${reference}`) : undefined;
    if (started && decision !== 'ACCEPTED') checks.add(badInput('row.decision', `a membership started on ${started} follows this referral: it stays ACCEPTED.`));
    else if (started && panel.panelDate && panel.panelDate > started) checks.add(badInput('row.panelDate', `${panel.panelDate} is after the membership that follows this referral started (${started}).`));
    checks.done();
    const f = fields!;
    return {
      nominal_id: nominalId!, reference, agency_id: agencyId!, referral_date: f.referralDate, matrix_score: f.matrixScore, matrix_factors: f.matrixFactors ? JSON.stringify(f.matrixFactors) : null,
      matrix_threshold: f.matrixThreshold, orgs_score: f.orgsScore, index_offence_id: f.indexOffence?.id ?? null, panel_date: panel.panelDate, decision: panel.decision, decision_note: panel.decisionNote,
    };
  },
  duplicateKey: (r, ctx, v) => ({ key: scopedKey(ctx, r.nominal_id, r.reference), column: 'reference', value: `${v.nominal} ${r.reference}` }),
  ...single({
    table: 'referral', key: ['nominal_id', 'reference'], versioned: true,
    values: ['agency_id', 'referral_date', 'matrix_score', 'matrix_factors', 'matrix_threshold', 'orgs_score', 'index_offence_id', 'panel_date', 'decision', 'decision_note'],
  }),
};
