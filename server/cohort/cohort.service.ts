import type { EntityManager } from '@mikro-orm/core';
import { badInput, notFound } from '../errors/domain-error.js';
import { InputChecks } from '../errors/problems.js';
import { optionalDate, optionalText, requireDate, requireText, requireWholeNumber } from '../errors/validate.js';
import { loadForUpdate, rowId, writeTransaction } from '../db/write.js';
import { requireAgency, requirePartnership } from '../partnership/lookup.js';
import { Agency, Hub, type Partnership } from '../partnership/partnership.entity.js';
import { CrimeCategory } from '../reference/crime-category.entity.js';
import { Membership, Nominal, NominalIdentity, Offence, PartnershipScopeRule, Referral, ScoringMatrix, StatusReview, type PanelDecision, type ScoredFactor, type StatutoryStatus } from './cohort.entity.js';
import { sql } from '../db/sql.js';
import { engineOf } from '../db/dialect.js';
import { readsLean } from '../db/entity-rows.js';
import { scopeOf } from '../db/partnership-scope.js';
import { sqliteRowObject, type PlainTextAsked } from '../access/plain-text.js';
import { NewRows } from './new-rows.js';
import type { CohortRecordInput, DeselectionInput, IdentityInput, MembershipInput, NominalInput, OffenceInput, PanelDecisionInput, ReferralInput, StatusReviewInput } from './cohort.input.js';
import { checkScope, ScopeRule, type ScopeCheck, type ScopeFacts } from './scope-rules.js';
import { checkDeselection, checkMembershipStart, checkOffence, checkPanelDecision, checkReview } from './lifecycle.js';
import { scoreReferral, type Matrix } from './scoring.js';


async function requireRow<T extends object>(em: EntityManager, entity: new () => T, what: string, id: string, populate: readonly string[] = []): Promise<T> {
  const row = await em.findOne(entity, { id: rowId(what, id) } as never, { populate: populate as never, refresh: true });
  if (!row) throw notFound(what, id);
  return row;
}

type NominalFields = Pick<Nominal, 'reference' | 'gender' | 'ageBand' | 'ethnicity' | 'localAuthority' | 'hub' | 'statutoryStatus' | 'needs' | 'domesticAbusePerpetrator' | 'registeredSexOffender' | 'mappaLevel'>;

/** Validates a nominal's fields before anything is created, so no half-made record is ever flushed; every problem at once. */
async function nominalFields(tx: EntityManager, partnership: Partnership, input: NominalInput, field: string, self?: Nominal): Promise<NominalFields> {
  const checks = new InputChecks();
  const reference = checks.check(() => requireText(`${field}.reference`, input.reference, 60));
  const clash = reference ? await tx.findOne(Nominal, { partnership, reference }) : null;
  if (clash && clash !== self) checks.add(badInput(`${field}.reference`, `${partnership.name} already has a nominal "${reference}".`));
  let hub: Hub | null = null;
  if (input.hub) {
    hub = await tx.findOne(Hub, { partnership, name: input.hub });
    if (!hub) checks.add(badInput(`${field}.hub`, `${partnership.name} has no hub "${input.hub}".`));
  }
  const plain = checks.check(() => plainNominalFields(input, field));
  if (input.identity) checks.check(() => identityFields(input.identity!, `${field}.identity`));
  checks.done();
  return { ...plain!, reference: reference!, hub };
}

/** The fields of a nominal that need no lookup. */
export function plainNominalFields(input: NominalInput, field: string): Omit<NominalFields, 'reference' | 'hub'> {
  const checks = new InputChecks();
  const fields = {
    gender: input.gender,
    ageBand: checks.check(() => requireText(`${field}.ageBand`, input.ageBand, 20))!,
    ethnicity: checks.check(() => requireText(`${field}.ethnicity`, input.ethnicity, 60))!,
    localAuthority: checks.check(() => optionalText(`${field}.localAuthority`, input.localAuthority, 100)) ?? null,
    statutoryStatus: input.statutoryStatus,
    needs: [...new Set(input.needs ?? [])],
    domesticAbusePerpetrator: input.domesticAbusePerpetrator ?? false,
    registeredSexOffender: input.registeredSexOffender ?? false,
    mappaLevel: input.mappaLevel === null || input.mappaLevel === undefined ? null : (checks.check(() => requireWholeNumber(`${field}.mappaLevel`, input.mappaLevel!, { min: 1, max: 3 })) ?? null),
  };
  checks.done();
  return fields;
}

/**
 * A referral's checked fields: its dates and scores, its index offence, and — when it gives the
 * values of the partnership's matrix factors — the score worked out from them, with the factors
 * and the threshold as scored. Every problem at once.
 */
export function referralFields(input: ReferralInput, field: string, categories: ReadonlyMap<string, CrimeCategory>, matrix: Matrix | null) {
  const checks = new InputChecks();
  const code = input.indexOffenceCode?.trim();
  const indexOffence = code ? categories.get(code) : null;
  if (code && !indexOffence) checks.add(badInput(`${field}.indexOffenceCode`, `"${input.indexOffenceCode}" is not a known CrimSec3 code.`));
  const referralDate = checks.check(() => requireDate(`${field}.referralDate`, input.referralDate));
  let matrixScore = input.matrixScore === null || input.matrixScore === undefined ? null : (checks.check(() => requireWholeNumber(`${field}.matrixScore`, input.matrixScore!)) ?? null);
  let matrixFactors: ScoredFactor[] | null = null;
  if (input.matrixFactors?.length) {
    if (!matrix) checks.add(badInput(`${field}.matrixFactors`, 'the partnership has no scoring matrix; give the matrixScore alone.'));
    const scored = matrix ? checks.check(() => scoreReferral(`${field}.matrixFactors`, matrix, input.matrixFactors!)) : undefined;
    if (scored && matrixScore !== null && matrixScore !== scored.score)
      checks.add(badInput(`${field}.matrixScore`, `the factors score ${scored.score}, not ${matrixScore}; send the factors or the score.`));
    if (scored) ({ score: matrixScore, factors: matrixFactors } = scored);
  }
  const orgsScore = input.orgsScore === null || input.orgsScore === undefined ? null : (checks.check(() => requireWholeNumber(`${field}.orgsScore`, input.orgsScore!, { max: 100 })) ?? null);
  const reference = checks.check(() => optionalText(`${field}.reference`, input.reference, 60)) ?? null;
  checks.done();
  return { referralDate: referralDate!, matrixScore, matrixFactors, matrixThreshold: matrix && matrixScore !== null ? matrix.threshold : null, orgsScore, indexOffence: indexOffence ?? null, reference };
}

/** An identity's checked fields, every problem at once. */
export function identityFields(input: IdentityInput, field: string): Pick<NominalIdentity, 'name' | 'dateOfBirth' | 'pncId'> {
  const checks = new InputChecks();
  const fields = {
    name: checks.check(() => requireText(`${field}.name`, input.name, 200))!,
    dateOfBirth: checks.check(() => optionalDate(`${field}.dateOfBirth`, input.dateOfBirth)) ?? null,
    pncId: checks.check(() => optionalText(`${field}.pncId`, input.pncId, 40)) ?? null,
  };
  checks.done();
  return fields;
}

/** The partnership's scoring matrix, or null when it has none. */
export async function matrixOf(em: EntityManager, partnership: Partnership): Promise<Matrix | null> {
  return em.findOne(ScoringMatrix, { partnership });
}

/** The priority crime bandings a membership's relevant banding may name. */
async function priorityBandings(em: EntityManager): Promise<Set<string>> {
  return new Set((await em.find(CrimeCategory, { priority: true }, { fields: ['banding'] })).map((c) => c.banding));
}

/** A relevant banding: one of the priority crime bandings (AP14/73 3.4), or none. */
export function checkRelevantBanding(field: string, banding: string | null | undefined, bandings: ReadonlySet<string>): string | null {
  const text = banding?.trim();
  if (!text) return null;
  if (!bandings.has(text)) throw badInput(field, `"${text}" is not a priority crime banding (${[...bandings].join(', ')}).`);
  return text;
}

export async function addNominal(em: EntityManager, partnershipCode: string, input: NominalInput): Promise<Nominal> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const fields = await nominalFields(tx, partnership, input, 'input');
    const identity = input.identity ? identityFields(input.identity, 'input.identity') : null;
    const nominal = tx.create(Nominal, { partnership, ...fields } as Nominal);
    if (identity) tx.create(NominalIdentity, { nominal, ...identity });
    await tx.flush();
    return nominal;
  });
}

export async function updateNominal(em: EntityManager, id: string, expectedVersion: number, input: NominalInput): Promise<Nominal> {
  return writeTransaction(em, async (tx) => {
    const nominal = await loadForUpdate(tx, Nominal, 'nominal', id, expectedVersion, ['partnership']);
    const fields = await nominalFields(tx, nominal.partnership, input, 'input', nominal);
    const identityInput = input.identity ? identityFields(input.identity, 'input.identity') : null;
    const identity = identityInput ? await tx.findOne(NominalIdentity, { nominal }) : null;
    tx.assign(nominal, fields);
    if (identityInput) {
      if (identity) tx.assign(identity, identityInput);
      else tx.create(NominalIdentity, { nominal, ...identityInput });
    }
    await tx.flush();
    return nominal;
  });
}

export async function referNominal(em: EntityManager, nominalId: string, input: ReferralInput): Promise<Referral> {
  return writeTransaction(em, async (tx) => {
    const nominal = await requireRow(tx, Nominal, 'nominal', nominalId, ['partnership']);
    const checks = new InputChecks();
    const agency = await checks.checkAsync(() => requireAgency(tx, 'input.agency', nominal.partnership, input.agency));
    const categories = input.indexOffenceCode ? await categoriesFor(tx, [{ crimSec3Code: input.indexOffenceCode }]) : new Map();
    const matrix = await matrixOf(tx, nominal.partnership);
    const fields = checks.check(() => referralFields(input, 'input', categories, matrix));
    if (fields?.reference && (await tx.count(Referral, { nominal, reference: fields.reference })))
      checks.add(badInput('input.reference', `${nominal.reference} already has a referral "${fields.reference}".`));
    checks.done();
    const referral = tx.create(Referral, { nominal, agency, ...fields, decision: 'PENDING' } as Referral);
    await tx.flush();
    return referral;
  });
}

export async function decideReferral(em: EntityManager, id: string, expectedVersion: number, input: PanelDecisionInput): Promise<Referral> {
  return writeTransaction(em, async (tx) => {
    const referral = await loadForUpdate(tx, Referral, 'referral', id, expectedVersion);
    tx.assign(referral, checkPanelDecision('input', referral.referralDate, input));
    await tx.flush();
    return referral;
  });
}

export async function startMembership(em: EntityManager, nominalId: string, input: MembershipInput): Promise<Membership> {
  return writeTransaction(em, async (tx) => {
    const nominal = await requireRow(tx, Nominal, 'nominal', nominalId);
    const checks = new InputChecks();
    let referral: Referral | null = null;
    if (input.referral) {
      referral = await tx.findOne(Referral, { id: rowId('referral', input.referral), nominal });
      if (!referral) checks.add(badInput('input.referral', `nominal ${nominal.reference} has no referral ${input.referral}.`));
    }
    const earlier = await tx.find(Membership, { nominal }, { orderBy: { startDate: 'desc' } });
    const bandings = input.relevantBanding ? await priorityBandings(tx) : new Set<string>();
    const startDate = checks.check(() => checkMembershipStart('input', nominal.reference, input.agreementSignedDate, referral && { id: String(referral.id), decision: referral.decision, panelDate: referral.panelDate }, earlier));
    const relevantBanding = input.relevantBanding ? checks.check(() => checkRelevantBanding('input.relevantBanding', input.relevantBanding, bandings)) : null;
    checks.done();
    const membership = tx.create(Membership, { nominal, referral, startDate, relevantBanding } as Membership);
    await tx.flush();
    return membership;
  });
}

export async function recordReview(em: EntityManager, membershipId: string, input: StatusReviewInput): Promise<StatusReview> {
  return writeTransaction(em, async (tx) => {
    const membership = await requireRow(tx, Membership, 'membership', membershipId);
    const review = tx.create(StatusReview, { membership, ...checkReview('input', membership, input) } as StatusReview);
    await tx.flush();
    return review;
  });
}

async function lastReviewDate(tx: EntityManager, membership: Membership): Promise<string | null> {
  const last = await tx.findOne(StatusReview, { membership }, { orderBy: { reviewDate: 'desc' } });
  return last?.reviewDate ?? null;
}

/** Ends a membership with a reason (and, optionally, its closing review) in one transaction. */
export async function deselect(em: EntityManager, membershipId: string, expectedVersion: number, input: DeselectionInput): Promise<Membership> {
  return writeTransaction(em, async (tx) => {
    const membership = await loadForUpdate(tx, Membership, 'membership', membershipId, expectedVersion);
    const offenceDates = (await tx.find(Offence, { nominal: membership.nominal }, { fields: ['offenceDate'] })).map((o) => o.offenceDate);
    const last = await lastReviewDate(tx, membership);
    const checks = new InputChecks();
    const ending = checks.check(() => checkDeselection('input', membership, last, input, offenceDates));
    const review = input.review ? checks.check(() => checkReview('input.review', { startDate: membership.startDate, endDate: ending?.endDate ?? input.endDate }, input.review!)) : null;
    checks.done();
    if (review) tx.create(StatusReview, { membership, ...review } as StatusReview);
    tx.assign(membership, ending!);
    await tx.flush();
    return membership;
  });
}

/** Records proven offences of one nominal in one transaction: all of them, or none if any is wrong. */
export async function recordOffences(em: EntityManager, nominalId: string, inputs: readonly OffenceInput[], field = 'offences'): Promise<Offence[]> {
  return writeTransaction(em, async (tx) => {
    const nominal = await requireRow(tx, Nominal, 'nominal', nominalId);
    const categories = await categoriesFor(tx, inputs);
    const offences = inputs.map((input, i) => checkOffence(field === 'input' ? field : `${field}[${i}]`, categories, input));
    const created = offences.map((fields) => tx.create(Offence, { nominal, ...fields } as Offence));
    await tx.flush();
    return created;
  });
}

export async function recordOffence(em: EntityManager, nominalId: string, input: OffenceInput): Promise<Offence> {
  const [offence] = await recordOffences(em, nominalId, [input], 'input');
  return offence;
}

async function categoriesFor(tx: EntityManager, inputs: readonly { crimSec3Code: string }[]): Promise<Map<string, CrimeCategory>> {
  const codes = [...new Set(inputs.map((input) => input.crimSec3Code.trim()))];
  return new Map((await tx.find(CrimeCategory, { code: { $in: codes } })).map((c) => [c.code, c]));
}


/** Records a bulk import checks before it lets the event loop run other requests' callbacks. */
const YIELD_EVERY_RECORDS = 25;

/**
 * Imports many nominals' records in one transaction, checked by the same rules as the single
 * mutations (lifecycle.ts), with the lookups done once: all of it, or on any error none of it.
 */
export async function importCohortRecords(em: EntityManager, partnershipCode: string, records: readonly CohortRecordInput[], { viaFlush = false } = {}): Promise<number> {
  return writeTransaction(em, async (tx) => {
    // Written as plain batched INSERTs with the audit entries appended at once (new-rows.ts), in
    // the order a flush writes them.
    const rows = new NewRows(tx, [Nominal, Offence, Referral, Membership, StatusReview, NominalIdentity], viaFlush);
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const agencies = new Map((await tx.find(Agency, { partnership })).map((a) => [a.code, a]));
    const hubs = new Map((await tx.find(Hub, { partnership })).map((h) => [h.name, h]));
    // Only the batch's own references can clash: the partnership's other nominals are not read.
    const batchReferences = [...new Set(records.map((record) => record.nominal.reference.trim()))];
    const references = new Set((await tx.find(Nominal, { partnership, reference: { $in: batchReferences } }, { fields: ['reference'] })).map((n) => n.reference));
    const categories = await categoriesFor(tx, records.flatMap((r) => [...r.offences, ...(r.referral?.indexOffenceCode ? [{ crimSec3Code: r.referral.indexOffenceCode }] : [])]));
    const matrix = await matrixOf(tx, partnership);
    const bandings = await priorityBandings(tx);
    for (const [i, record] of records.entries()) {
      // Other requests' callbacks run between runs of records: the checks of a large batch do not hold the event loop.
      if (i > 0 && i % YIELD_EVERY_RECORDS === 0) await new Promise((resolve) => setImmediate(resolve));
      const at = `records[${i}]`;
      const reference = requireText(`${at}.nominal.reference`, record.nominal.reference, 60);
      if (references.has(reference)) throw badInput(`${at}.nominal.reference`, `${partnership.name} already has a nominal "${reference}".`);
      references.add(reference);
      let hub: Hub | null = null;
      if (record.nominal.hub) {
        hub = hubs.get(record.nominal.hub) ?? null;
        if (!hub) throw badInput(`${at}.nominal.hub`, `${partnership.name} has no hub "${record.nominal.hub}".`);
      }
      const nominal = rows.create(Nominal, { partnership, ...plainNominalFields(record.nominal, `${at}.nominal`), reference, hub } as Nominal);
      if (record.nominal.identity) rows.create(NominalIdentity, { nominal, ...identityFields(record.nominal.identity, `${at}.nominal.identity`) });
      let referral: Referral | null = null;
      if (record.referral) {
        const agency = agencies.get(record.referral.agency);
        if (!agency) throw badInput(`${at}.referral.agency`, `${partnership.name} has no agency "${record.referral.agency}".`);
        const fields = referralFields(record.referral, `${at}.referral`, categories, matrix);
        referral = rows.create(Referral, { nominal, agency, ...fields, decision: 'PENDING' } as Referral);
        if (record.decision) tx.assign(referral, checkPanelDecision(`${at}.decision`, fields.referralDate, record.decision));
      }
      if (record.membership) {
        const m = record.membership;
        const startDate = checkMembershipStart(`${at}.membership`, reference, m.agreementSignedDate, referral && { id: 'in this record', decision: referral.decision, panelDate: referral.panelDate }, []);
        const relevantBanding = checkRelevantBanding(`${at}.membership.relevantBanding`, m.relevantBanding, bandings);
        const membership = rows.create(Membership, { nominal, referral, startDate, relevantBanding } as Membership);
        const reviews = m.reviews.map((review, j) => checkReview(`${at}.membership.reviews[${j}]`, membership, review));
        const last = reviews.reduce<string | null>((max, r) => (max && max > r.reviewDate ? max : r.reviewDate), null);
        if (m.deselection) {
          const ending = checkDeselection(`${at}.membership.deselection`, membership, last, m.deselection, record.offences.map((o) => o.offenceDate.trim()));
          if (m.deselection.review) reviews.push(checkReview(`${at}.membership.deselection.review`, { startDate, endDate: ending.endDate }, m.deselection.review));
          tx.assign(membership, ending);
        }
        for (const review of reviews) rows.create(StatusReview, { membership, ...review } as StatusReview);
      }
      record.offences.forEach((offence, j) => rows.create(Offence, { nominal, ...checkOffence(`${at}.offences[${j}]`, categories, offence) } as Offence));
    }
    await rows.write();
    return records.length;
  });
}

export async function setScopeRules(em: EntityManager, partnershipCode: string, rules: readonly string[]): Promise<string[]> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    rules.forEach((rule, i) => {
      if (!(rule in ScopeRule)) throw badInput(`rules[${i}]`, `"${rule}" is not a scope rule (${Object.keys(ScopeRule).join(', ')}).`);
    });
    await tx.nativeDelete(PartnershipScopeRule, { partnership });
    for (const rule of new Set(rules)) tx.create(PartnershipScopeRule, { partnership, rule } as PartnershipScopeRule);
    await tx.flush();
    return [...new Set(rules)];
  });
}

export interface ScopeView {
  inScope: boolean;
  checks: ScopeCheck[];
}

/**
 * The facts a referral's scope is judged on: its ORGS score and index offence, the nominal's
 * offences proven by the referral date (and the latest conviction among them), and the nominal's
 * MAPPA level.
 */
export function scopeFacts(referral: Referral, nominal: Nominal, indexOffence: CrimeCategory | null, offences: readonly { outcome: string; outcomeDate: string; banding: string }[]): ScopeFacts {
  const proven = offences.filter((o) => o.outcomeDate <= referral.referralDate);
  const convictions = proven.filter((o) => o.outcome === 'CONVICTION').map((o) => o.outcomeDate).sort();
  return {
    orgsScore: referral.orgsScore ?? null,
    offenceBandings: [...(indexOffence ? [indexOffence.banding] : []), ...proven.map((o) => o.banding)],
    domesticAbusePerpetrator: nominal.domesticAbusePerpetrator,
    registeredSexOffender: nominal.registeredSexOffender,
    referralDate: referral.referralDate,
    latestConvictionDate: convictions.at(-1) ?? null,
    mappaLevel: nominal.mappaLevel ?? null,
  };
}

export function judgeScope(rules: readonly string[], facts: ScopeFacts): ScopeView {
  return checkScope(rules as ScopeRule[], facts);
}

/** A partnership's referrals, newest first, optionally by decision and statutory status. */
/** A list's referral as read: each property from the columns the statement selected for it. */
type ReferralRow = Record<string, any>;
interface ListProperty {
  /** What the statement selects for it (`r` the referral, `a` its agency, `c` its index offence's category). */
  columns: string[];
  value: (row: ReferralRow, made: ListMade) => unknown;
}
/** What a list's rows share: the matrix factors' type, and one object per agency and per offence category (a few for thousands of referrals, only read). */
interface ListMade {
  factors: { convertToJSValue(value: unknown, platform: unknown): unknown };
  platform: unknown;
  /** By id, or by code for a plain answer's (CODES_ONLY). */
  agencies: Map<number | string, { id?: number; code: string }>;
  categories: Map<number | string, { id?: number; code: string }>;
}
const sharedRow = (made: Map<number | string, { id?: number; code: string }>, id: number | null, code: string) => {
  const key = id ?? code;
  let row = made.get(key);
  if (!row) made.set(key, (row = id === null ? { code } : { id, code }));
  return row;
};
const column = (name: string): ListProperty => ({ columns: [`r.${name}`], value: (r) => r[name] });

/** Every property of a list's referral, as a find would convert it (the matrix's factors are JSON). */
const LIST_PROPERTIES: Readonly<Record<string, ListProperty>> = {
  id: column('id'),
  version: column('version'),
  updatedAt: { columns: ['r.updated_at'], value: (r) => new Date(r.updated_at) },
  referralDate: column('referral_date'),
  matrixScore: column('matrix_score'),
  orgsScore: column('orgs_score'),
  panelDate: column('panel_date'),
  decision: column('decision'),
  decisionNote: column('decision_note'),
  reference: column('reference'),
  matrixThreshold: column('matrix_threshold'),
  matrixFactors: { columns: ['r.matrix_factors'], value: (r, made) => (r.matrix_factors === null ? null : made.factors.convertToJSValue(r.matrix_factors, made.platform)) },
  nominal: { columns: ['r.nominal_id'], value: (r) => ({ id: r.nominal_id }) },
  agency: { columns: ['r.agency_id', 'a.code AS agency_code'], value: (r, made) => sharedRow(made.agencies, r.agency_id, r.agency_code) },
  indexOffence: { columns: ['r.index_offence_id', 'c.code AS index_offence_code'], value: (r, made) => (r.index_offence_id === null ? null : sharedRow(made.categories, r.index_offence_id, r.index_offence_code)) },
};

/**
 * A plain answer's agency and index offence (server/access/plain-lists.ts) show only their code:
 * read without their ids, one object per code. A referral's agency is joined (every referral has
 * one, with a code) and its index offence's category is there exactly when it has one.
 */
const CODES_ONLY: Readonly<Record<string, ListProperty>> = {
  agency: { columns: ['a.code AS agency_code'], value: (r, made) => sharedRow(made.agencies, null, r.agency_code) },
  indexOffence: { columns: ['c.code AS index_offence_code'], value: (r, made) => (r.index_offence_code === null ? null : sharedRow(made.categories, null, r.index_offence_code)) },
};

/**
 * The properties a list's referrals need for `fields` (GraphQL fields of Referral, all plain: a
 * property, or `agency` and `indexOffenceCode` read from the row), with `nominal` always (the audit
 * of the read names it); every property when a field is not one of them, or none are given.
 */
export function referralListProperties(fields?: readonly string[]): string[] {
  const all = Object.keys(LIST_PROPERTIES);
  if (!fields) return all;
  const properties = new Set(['nominal']);
  for (const field of fields) {
    const property = field === 'indexOffenceCode' ? 'indexOffence' : field;
    if (property === 'nominal' || property === 'matrixFactors' || property === 'matrixThreshold' || !Object.hasOwn(LIST_PROPERTIES, property)) return all;
    properties.add(property);
  }
  return all.filter((property) => properties.has(property));
}

/**
 * A partnership's referrals, newest first, as plain rows. `fields`: the GraphQL fields of Referral
 * the answer asks for, when it asks for plain fields only (server/access/plain-lists.ts): each row
 * then holds only what they show (referralListProperties), read with only their columns (its agency
 * and index offence their code alone, CODES_ONLY).
 */
export async function loadReferrals(em: EntityManager, partnershipCode: string, decision?: PanelDecision | null, statutoryStatus?: StatutoryStatus | null, fields?: readonly string[]): Promise<Referral[]> {
  const properties = referralListProperties(fields).map((name) => [name, (fields && CODES_ONLY[name]) || LIST_PROPERTIES[name]] as const);
  const columns = properties.flatMap(([, p]) => p.columns);
  const made: ListMade = { factors: em.getMetadata().get(Referral.name).properties.matrixFactors.customType!, platform: em.getPlatform(), agencies: new Map(), categories: new Map() };
  const referralOf = (r: ReferralRow) => {
    const referral: Record<string, unknown> = {};
    for (const [name, property] of properties) referral[name] = property.value(r, made);
    return referral as unknown as Referral;
  };
  // One statement and plain rows, not entities: a list of thousands for a spreadsheet is read, never changed.
  const { from, order, params } = referralListFrom(decision, statutoryStatus);
  if (fields && engineOf(em) === 'sqlite' && readsLean(em)) {
    const rows = await rowsAsJson(em, columns, partnershipCode, from, order, params, referralOf);
    if (rows) return rows;
  }
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  return (await sql<ReferralRow>(em, `SELECT ${columns.join(', ')} ${from} ${order}`, { ...params, partnershipId: partnership.id })).map(referralOf);
}

/** A list's referrals: from, filter (`:partnershipId` the partnership's id) and order, with the filter's values. */
function referralListFrom(decision?: PanelDecision | null, statutoryStatus?: StatutoryStatus | null): { from: string; order: string; params: Record<string, unknown> } {
  const filters = ['n.partnership_id = :partnershipId'];
  const params: Record<string, unknown> = {};
  if (statutoryStatus) { filters.push('n.statutory_status = :statutoryStatus'); params.statutoryStatus = statutoryStatus; }
  if (decision) { filters.push('r.decision = :decision'); params.decision = decision; }
  const from = `FROM nominal n CROSS JOIN referral r ON r.nominal_id = n.id
     JOIN agency a ON a.id = r.agency_id LEFT JOIN crime_category c ON c.id = r.index_offence_id WHERE ${filters.join(' AND ')}`;
  return { from, order: 'ORDER BY r.referral_date DESC, r.id DESC', params };
}

/**
 * On SQLite, a plain answer's rows (columns `expression` or `expression AS name`) read as one JSON
 * text made by SQLite and parsed at once: node's sqlite3 driver takes longer to make thousands of
 * rows into objects, one value at a time, than the statement takes (at 8,000 rows 25 ms against
 * 12). The rows are the driver's, value for value: whole numbers, texts and nulls come through JSON
 * as they are. A real number (SQLite's JSON writes fifteen digits, not the double's seventeen) or
 * a blob in any column read makes it null (SQLite refuses a blob in JSON), and the rows are read as usual.
 *
 * The partnership is found by code in the caller's scope in the same statement (`:partnershipId` is
 * its id), so the list is one statement; when there is no such partnership it is null, and the
 * usual read tells the problem. Each row is given to `make` as the driver would name its columns,
 * in one object used for every row (`make` keeps none of it).
 */
async function rowsAsJson<T>(em: EntityManager, columns: readonly string[], partnershipCode: string, from: string, order: string, params: Record<string, unknown>, make: (row: ReferralRow) => T): Promise<T[] | null> {
  const named = columns.map((column) => {
    const [expression, alias] = column.split(' AS ');
    return { expression, name: alias ?? expression.slice(expression.indexOf('.') + 1) };
  });
  const scope = scopeOf(em, 'p.id');
  const partnership = `(SELECT p.id FROM partnership p WHERE p.code = :partnershipCode AND ${scope.where})`;
  const statement = `SELECT '[' || coalesce(group_concat(json_array(${named.map((c) => c.expression).join(', ')}), ',' ${order}), '') || ']' AS rows,
     max(${named.map((c) => `typeof(${c.expression}) IN ('real', 'blob')`).join(' OR ')}) AS odd, ${partnership} AS partnership_id
     ${from.replace(':partnershipId', partnership)}`;
  // SQLite refuses a blob in JSON, and an order within group_concat before 3.44: the rows are then read as usual.
  const [read] = await sql<{ rows: string; odd: number | null; partnership_id: number | null }>(em, statement, { ...params, partnershipCode, ...scope.params }).catch(() => [null]);
  if (!read || read.odd || read.partnership_id === null) return null;
  const values = JSON.parse(read.rows) as unknown[][];
  const rows: T[] = new Array(values.length);
  const row: ReferralRow = {};
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    for (let j = 0; j < named.length; j++) row[named[j].name] = value[j];
    rows[i] = make(row);
  }
  return rows;
}

/** A referral's SQL expression for each GraphQL field of Referral a list answered as text may show (server/access/plain-text.ts). */
const REFERRAL_TEXT_EXPRESSIONS: Readonly<Record<string, string>> = {
  id: 'r.id', version: 'r.version', referralDate: 'r.referral_date', matrixScore: 'r.matrix_score', orgsScore: 'r.orgs_score', panelDate: 'r.panel_date',
  decision: 'r.decision', decisionNote: 'r.decision_note', reference: 'r.reference', agency: 'a.code', indexOffenceCode: 'c.code',
};

/**
 * On SQLite, a plain answer's list of referrals as its JSON text, made by SQLite (sqliteRowObject),
 * with the nominal of each row in order for the read audit: the same rows, filter and order as
 * loadReferrals, in one statement, the partnership found in the caller's scope as rowsAsJson finds
 * it. Null, to answer as before, on PostgreSQL, inside a transaction, for a field not written this
 * way, when a value fails its check, or when there is no such partnership for the caller.
 */
export async function referralsAsText(em: EntityManager, partnershipCode: string, decision: PanelDecision | null, statutoryStatus: StatutoryStatus | null, asked: PlainTextAsked): Promise<{ text: string; nominals: number[] } | null> {
  if (asked.typeName !== 'Referral' || engineOf(em) !== 'sqlite' || !readsLean(em)) return null;
  const row = sqliteRowObject(asked, REFERRAL_TEXT_EXPRESSIONS);
  if (!row) return null;
  const { from, order, params } = referralListFrom(decision, statutoryStatus);
  const scope = scopeOf(em, 'p.id');
  const partnership = `(SELECT p.id FROM partnership p WHERE p.code = :partnershipCode AND ${scope.where})`;
  // One ordered aggregate: each row that passes its checks is its nominal's id, char(2) and its JSON
  // object (JSON writes neither char(1) nor char(2) bare); a row that fails is null, left out, and
  // the count tells. Two aggregates ordered alike would sort the rows twice.
  const statement = `SELECT group_concat(CASE WHEN ${row.check} AND typeof(r.nominal_id) = 'integer' THEN r.nominal_id || char(2) || ${row.object} END, char(1) ${order}) AS rows,
     count(*) AS count, ${partnership} AS partnership_id
     ${from.replace(':partnershipId', partnership)}`;
  const [read] = await sql<{ rows: string | null; count: number; partnership_id: number | null }>(em, statement, { ...params, partnershipCode, ...scope.params }).catch(() => [null]);
  if (!read || read.partnership_id === null) return null;
  const [before, after] = asked.frame;
  if (!read.count) return { text: `${before}[]${after}`, nominals: [] };
  const parts = read.rows === null ? [] : read.rows.split('\x01');
  if (parts.length !== read.count) return null;
  const nominals = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const at = part.indexOf('\x02');
    nominals[i] = Number(part.slice(0, at));
    parts[i] = part.slice(at + 1);
  }
  // The answer's whole text in one join (dataOfText): one copy of the rows, the statement's text let go.
  parts[0] = `${before}[${parts[0]}`;
  parts[parts.length - 1] += `]${after}`;
  return { text: parts.join(','), nominals };
}

/** One nominal by id (another partnership's is not found). What the answer shows of it is in the audit log (server/access/read-audit.ts). */
export async function loadNominal(em: EntityManager, id: string): Promise<Nominal | null> {
  return em.findOne(Nominal, { id: rowId('nominal', id) });
}

/** Sets the priority crime banding most relevant to a member (Suffolk's method), or clears it with null. */
export async function setRelevantBanding(em: EntityManager, membershipId: string, expectedVersion: number, banding: string | null): Promise<Membership> {
  return writeTransaction(em, async (tx) => {
    const membership = await loadForUpdate(tx, Membership, 'membership', membershipId, expectedVersion);
    membership.relevantBanding = checkRelevantBanding('banding', banding, await priorityBandings(tx));
    await tx.flush();
    return membership;
  });
}

/**
 * A partnership's nominals whose reference contains `search` (any case) — and, for a case manager
 * of the partnership, whose name does: nobody else may search by who a person is. At most `first`,
 * by reference; the read is audited.
 */
export async function findNominals(em: EntityManager, partnershipCode: string, search: string, first: number, byName: boolean): Promise<Nominal[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  const limit = requireWholeNumber('first', first, { min: 1, max: 100 });
  const text = optionalText('search', search, 100)?.toLowerCase() ?? '';
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await sql<{ id: number }>(em, `SELECT n.id FROM nominal n ${byName ? 'LEFT JOIN nominal_identity i ON i.nominal_id = n.id' : ''}
     WHERE n.partnership_id = :partnershipId AND (LOWER(n.reference) LIKE :pattern ESCAPE '\\'${byName ? " OR LOWER(i.name) LIKE :pattern ESCAPE '\\'" : ''})
     ORDER BY n.reference LIMIT ${limit}`, { partnershipId: partnership.id, pattern });
  const nominals = rows.length ? await em.find(Nominal, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { reference: 'asc' } }) : [];
  return nominals;
}
