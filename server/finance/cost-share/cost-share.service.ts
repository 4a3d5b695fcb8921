import { Collection, type EntityManager } from '@mikro-orm/core';
import { DomainError, badInput, conflict, notFound } from '../../errors/domain-error.js';
import { optionalText, requireWholeNumber } from '../../errors/validate.js';
import { writeTransaction } from '../../db/write.js';
import { columnsOf, part, plainEntitiesOf, plainParts, plainRowRead, plainRows, prefixedColumns, readTogether, readsLean } from '../../db/entity-rows.js';
import type { SqlParams } from '../../db/named-params.js';
import { reportSql } from '../../db/sql.js';
import { scopeOf } from '../../db/partnership-scope.js';
import { percentToHundredths } from '../../money/hundredths.js';
import { requireFinancialYear } from '../../financial-year/lookup.js';
import { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { fieldsOfYear, lookUpWith, requireAgency, requirePartnership, requirePartnershipYear, type JoinedRead } from '../../partnership/lookup.js';
import { Agency, Partnership } from '../../partnership/partnership.entity.js';
import { callerOf } from '../../access/caller.js';
import { AccessToken } from '../../access/access-token.entity.js';
import { EstablishmentLine } from '../establishment/establishment-line.entity.js';
import { establishmentTotals } from '../establishment/establishment.js';
import { CostShareAgreement, CostShareEntry, type CostShareBasis, type CostShareStatus } from './cost-share-agreement.entity.js';
import { CostShareVersion, type AgreedShare } from './cost-share-version.entity.js';
import { shareCost, validateShares, type ShareOfCost, type ShareWeight } from './cost-share.js';
import { diffVersions, varianceNote, type CostShareChanges, type VersionFigures } from './cost-share-diff.js';
import { formatPounds } from '../../money/pence.js';
import type { CostShareInput } from './cost-share.input.js';

export type CostShareShare = ShareOfCost & { agencyRecord: Agency; agencyName: string };

/** One version of a year's cost share with its figures: an agreed one as frozen, a draft as worked out from the establishment now. */
export interface CostShareView {
  agreement: CostShareAgreement;
  partnership: Partnership;
  year: FinancialYear;
  /** This version's number (1 for the first; each reopen starts the next). */
  planVersion: number;
  status: CostShareStatus;
  /** The agreed version the figures come from; null for a draft, or for a plan agreed before the hub kept versions (worked out now). */
  frozen: CostShareVersion | null;
  basis: CostShareAgreement['basis'];
  /** The establishment budget shared (the lines that have a budget): as agreed, or now for a draft. */
  totalPence: number;
  totalComplete: boolean;
  shares: CostShareShare[];
  /** The year's establishment budget now; it differs from `totalPence` when the establishment changed after agreement. */
  establishmentPence: number;
  /** The establishment now less what the shares allocate: what an agreed version does not cover (0 for a draft that can be shared). */
  unallocatedPence: number;
  /** The variance in words: `agreed on £1,023,944.00; establishment now £1,030,351.00; £6,407.00 not allocated`. */
  variance: string | null;
}

/** What the shares are worked out of in an establishment line: its budget, its FTE and who employs it. */
export type SharedLine = Pick<EstablishmentLine, 'budgetPence' | 'fteHundredths' | 'employingAgency'>;

/** Weights as the basis defines them; FTE hosted is read from the year's establishment lines. */
function weightsOf(agreement: CostShareAgreement, lines: readonly SharedLine[]): ShareWeight[] {
  return agreement.entries.getItems().map((entry) => ({
    agency: entry.agency.code,
    weight:
      agreement.basis === 'PRO_RATA_FTE_HOSTED'
        ? lines.filter((line) => line.employingAgency?.id === entry.agency.id).reduce((sum, line) => sum + line.fteHundredths, 0)
        : entry.weight,
  }));
}

const ofAgreement = (agreement: CostShareAgreement) => ({ partnershipId: agreement.partnership.id, yearLabel: agreement.year.label });

/** The year's establishment lines with their employing agencies. */
async function linesOf(em: EntityManager, agreement: CostShareAgreement): Promise<EstablishmentLine[]> {
  if (!readsLean(em)) return em.find(EstablishmentLine, { partnership: agreement.partnership, year: agreement.year }, { populate: ['employingAgency'] });
  // The shares need each line's employing agency's id only (weightsOf): the agencies themselves are not read.
  return plainEntitiesOf(em, EstablishmentLine, 'SELECT l.* FROM establishment_line l WHERE l.partnership_id = :partnershipId AND l.year_label = :yearLabel ORDER BY l.id', ofAgreement(agreement));
}

/**
 * The agreement's shares of the year's establishment as it is now (a draft's figures). A draft
 * whose weights have all become zero (shared by FTE hosted, and the hosting lines removed) shares
 * nothing: its whole total is unallocated until the shares are changed.
 */
function workedOut(agreement: CostShareAgreement, lines: readonly SharedLine[]): CostShareView {
  const totals = establishmentTotals(lines);
  const entries = agreement.entries.getItems();
  const weights = weightsOf(agreement, lines);
  const shareable = weights.some((w) => w.weight > 0);
  const shares = shareable ? shareCost(totals.knownBudgetPence, weights) : weights.map((w) => ({ ...w, percentHundredths: 0, contributionPence: 0 }));
  return {
    agreement,
    partnership: agreement.partnership,
    year: agreement.year,
    planVersion: agreement.planVersion,
    status: agreement.status,
    frozen: null,
    basis: agreement.basis,
    totalPence: totals.knownBudgetPence,
    totalComplete: totals.linesWithoutBudget === 0,
    shares: shares.map((share, i) => ({ ...share, agencyRecord: entries[i].agency, agencyName: entries[i].agency.name })),
    establishmentPence: totals.knownBudgetPence,
    unallocatedPence: shareable ? 0 : totals.knownBudgetPence,
    variance: shareable || totals.knownBudgetPence === 0 ? null : `the shares' weights are all zero, so ${formatPounds(totals.knownBudgetPence)} is not allocated`,
  };
}

/** An agreed version's figures, as frozen. */
function asFrozen(agreement: CostShareAgreement, version: CostShareVersion, agencies: ReadonlyMap<number, Agency>, establishmentPence: number): CostShareView {
  return {
    agreement,
    partnership: agreement.partnership,
    year: agreement.year,
    planVersion: version.number,
    status: 'AGREED',
    frozen: version,
    basis: version.basis,
    totalPence: version.totalPence,
    totalComplete: version.totalComplete,
    shares: version.shares.map((share) => ({ ...share, agencyRecord: agencies.get(share.agencyId) as Agency })),
    establishmentPence,
    unallocatedPence: establishmentPence - version.totalPence,
    variance: varianceNote(version.totalPence, establishmentPence),
  };
}

async function agenciesOf(em: EntityManager, versions: readonly CostShareVersion[]): Promise<Map<number, Agency>> {
  const ids = [...new Set(versions.flatMap((version) => version.shares.map((share) => share.agencyId)))];
  if (readsLean(em)) {
    // Usually the agreement's entries' agencies, read with them: agencies of the versions' own partnership, which the caller sees.
    const read = ids.map((id) => plainRowRead(em, Agency, id));
    if (read.every((agency) => agency && versions.every((version) => agency.partnership.id === version.partnership.id))) return new Map(read.map((agency) => [agency!.id, agency!]));
  }
  const agencies = !ids.length ? [] : readsLean(em)
    ? await plainEntitiesOf(em, Agency, `SELECT g.* FROM agency g WHERE g.id IN (:ids) AND ${scopeOf(em, 'g.partnership_id').where}`, { ids, ...scopeOf(em, 'g.partnership_id').params })
    : await em.find(Agency, { id: { $in: ids } });
  return new Map(agencies.map((agency) => [agency.id, agency]));
}

/** The current version: the agreed one as frozen, or the draft worked out now. */
export async function viewOf(em: EntityManager, agreement: CostShareAgreement, loadedLines?: readonly SharedLine[], loadedFrozen?: CostShareVersion | null): Promise<CostShareView> {
  const agreed = agreement.status === 'AGREED';
  const [lines, version] = await readTogether(em, [async () => loadedLines ?? linesOf(em, agreement), async () => (!agreed ? null : loadedFrozen !== undefined ? loadedFrozen : frozenOf(em, agreement))] as const);
  const live = workedOut(agreement, lines);
  if (!agreed) return lookedUp(em, live);
  return lookedUp(em, version ? asFrozen(agreement, version, await agenciesOf(em, [version]), live.establishmentPence) : live);
}

/**
 * On the lean read path the report's partnership and year are plain rows read by its look-up, and
 * the agreement (read at once with it) names them by reference only: the view shows the look-up's.
 */
function lookedUp(em: EntityManager, view: CostShareView): CostShareView {
  if (!readsLean(em)) return view;
  const partnership = plainRowRead(em, Partnership, view.partnership.id);
  const year = plainRowRead(em, FinancialYear, view.year.label);
  return partnership || year ? { ...view, partnership: partnership ?? view.partnership, year: year ?? view.year } : view;
}

/** The year's agreement with its entries and their agencies (on the lean path one flat statement, no nested join). */
async function findAgreement(em: EntityManager, partnership: Partnership, year: FinancialYear): Promise<CostShareAgreement | null> {
  if (!readsLean(em)) return em.findOne(CostShareAgreement, { partnership, year }, { populate: ['entries', 'entries.agency'], refresh: true });
  return agreementWhere(em, 'a.partnership_id = :partnershipId AND a.year_label = :yearLabel', { partnershipId: partnership.id, yearLabel: year.label });
}

/**
 * The same on the lean read path, in the report's look-up statement (lookUpWith): the agreement
 * with its entries and their agencies, and its agreed version's frozen figures (`frozen`: read
 * whatever the status; only an agreed agreement's is used, as viewOf reads it).
 */
export function leanAgreementOf(em: EntityManager): JoinedRead<LeanAgreement> {
  const columns = { v: columnsOf(em, 'CostShareVersion') };
  return {
    tables: { a: 'CostShareAgreement', e: 'CostShareEntry', ea: 'Agency', v: 'CostShareVersion' },
    joins: (only) => `LEFT JOIN cost_share_agreement a ON ${only} AND a.partnership_id = p.id AND a.year_label = :label
      LEFT JOIN cost_share_entry e ON e.agreement_id = a.id LEFT JOIN agency ea ON ea.id = e.agency_id
      LEFT JOIN cost_share_version v ON v.agreement_id = a.id AND v.number = a.plan_version`,
    orderBy: ['e.position'],
    take(rows) {
      const agreement = agreementOfRows(em, rows, 'ea', true);
      return { agreement, frozen: agreement ? (plainParts(em, CostShareVersion, rows, 'v', columns.v)[0] ?? null) : null };
    },
  };
}

/** An agreement read on the lean read path, with the frozen figures of its plan version if there are any. */
export interface LeanAgreement {
  agreement: CostShareAgreement | null;
  frozen: CostShareVersion | null;
}

async function agreementWhere(em: EntityManager, where: string, params: SqlParams): Promise<CostShareAgreement | null> {
  const columns = { a: columnsOf(em, 'CostShareAgreement'), e: columnsOf(em, 'CostShareEntry'), g: columnsOf(em, 'Agency') };
  const rows = await reportSql(em, `SELECT ${prefixedColumns('a', columns.a)}, ${prefixedColumns('e', columns.e)}, ${prefixedColumns('g', columns.g)} FROM cost_share_agreement a
    LEFT JOIN cost_share_entry e ON e.agreement_id = a.id LEFT JOIN agency g ON g.id = e.agency_id WHERE ${where} ORDER BY e.position`, params);
  return agreementOfRows(em, rows, 'g');
}

/**
 * The agreement (`a`) with its entries (`e`) and their agencies (`agencies`) out of a joined
 * statement's rows; null when there is none. `plain` for a report's look-up (leanAgreementOf), whose
 * agreement is only read: a plain row (plainRows) whose entries are a collection of plain rows set as
 * given, not an agreement the ORM manages (`em.map`, with references made for its partnership and
 * year, and its entries' collection hydrated), about a third of the cost share's processor time for its rows.
 */
function agreementOfRows(em: EntityManager, rows: readonly Record<string, unknown>[], agencies: string, plain = false): CostShareAgreement | null {
  if (!rows.length || rows[0].a__id === null || rows[0].a__id === undefined) return null;
  const columns = { a: columnsOf(em, 'CostShareAgreement'), e: columnsOf(em, 'CostShareEntry'), g: columnsOf(em, 'Agency') };
  const [agreement] = plain ? plainRows(em, CostShareAgreement, [part(rows[0], 'a', columns.a)]) : [em.map(CostShareAgreement, part(rows[0], 'a', columns.a))];
  // The agreement and the agencies made first, so each entry's agreement and agency are the ones read.
  plainParts(em, Agency, rows, agencies, columns.g);
  const entries = plainParts(em, CostShareEntry, rows, 'e', columns.e);
  if (plain) agreement.entries = new Collection<CostShareEntry>(agreement, entries);
  else agreement.entries.hydrate(entries);
  return agreement;
}

/**
 * The year's establishment lines, as linesOf reads them on the lean read path, in the look-up's
 * statement: the fields the shares are worked out of alone (the cost share shows none of the lines).
 */
const LINE_FIGURES = { entity: EstablishmentLine, table: 'establishment_line', orderBy: ['id'], alias: 'l', columns: ['id', 'budget_pence', 'fte_hundredths', 'employing_agency_id'] };

/** The cost share of a partnership's establishment for a year; null when none has been drafted. */
export async function loadCostShare(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<CostShareView | null> {
  if (readsLean(em)) {
    // One statement: the year's establishment lines (the shares' weights) and the agreement come with the look-up.
    const [, lines, { agreement, frozen }] = await lookUpWith<[SharedLine[], LeanAgreement]>(em, partnershipCode, yearLabel, [fieldsOfYear(em, LINE_FIGURES), leanAgreementOf(em)]);
    return agreement ? viewOf(em, agreement, lines, frozen) : null;
  }
  const { partnership, year } = await requirePartnershipYear(em, partnershipCode, yearLabel);
  return costShareOf(em, partnership, year);
}

/** The same, for a partnership and year already loaded (and, optionally, the year's establishment lines). */
export async function costShareOf(em: EntityManager, partnership: Partnership, year: FinancialYear, lines?: readonly EstablishmentLine[]): Promise<CostShareView | null> {
  const agreement = await findAgreement(em, partnership, year);
  return agreement ? viewOf(em, agreement, lines) : null;
}

/** Every version of a year's cost share, oldest first: the agreed ones as frozen, then the draft if there is one. */
export async function loadCostShareVersions(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<CostShareView[]> {
  const { partnership, year } = await requirePartnershipYear(em, partnershipCode, yearLabel);
  const agreement = await findAgreement(em, partnership, year);
  if (!agreement) return [];
  const lines = await linesOf(em, agreement);
  const live = workedOut(agreement, lines);
  const versions = await em.find(CostShareVersion, { agreement }, { orderBy: { number: 'asc' } });
  const agencies = await agenciesOf(em, versions);
  const agreed = versions.map((version) => asFrozen(agreement, version, agencies, live.establishmentPence));
  return (agreement.status === 'DRAFT' || !versions.some((v) => v.number === agreement.planVersion) ? [...agreed, live] : agreed).map((view) => lookedUp(em, view));
}

/** The latest agreed version of each year's cost share (a plan agreed before the hub kept versions: as it works out now), by year label. */
export async function latestAgreedVersions(em: EntityManager, partnership: Partnership): Promise<Map<string, CostShareView>> {
  const agreements = await em.find(CostShareAgreement, { partnership }, { populate: ['entries', 'entries.agency', 'year'] });
  const versions = await em.find(CostShareVersion, { partnership }, { orderBy: { number: 'asc' } });
  const agencies = await agenciesOf(em, versions);
  const latest = new Map<string, CostShareView>();
  for (const agreement of agreements) {
    const frozen = versions.filter((version) => version.agreement.id === agreement.id).pop();
    if (frozen) latest.set(agreement.year.label, asFrozen(agreement, frozen, agencies, 0));
    else if (agreement.status === 'AGREED') latest.set(agreement.year.label, workedOut(agreement, await linesOf(em, agreement)));
  }
  return latest;
}

const figuresOf = (view: CostShareView): VersionFigures => ({ basis: view.basis, totalPence: view.totalPence, shares: view.shares });

export interface CostShareDiffView {
  partnership: Partnership;
  year: FinancialYear;
  from: CostShareView | null;
  /** The version compared with; for a preview, the proposal (planVersion of the draft it would be). */
  to: CostShareView;
  changes: CostShareChanges;
}

/** Each agency's old and new percentage and contribution between two versions (`to` omitted: the current one). */
export async function loadCostShareDiff(em: EntityManager, partnershipCode: string, yearLabel: string, from: number, to: number | null | undefined): Promise<CostShareDiffView> {
  const versions = await loadCostShareVersions(em, partnershipCode, yearLabel);
  const pick = (field: string, number: number) => {
    const version = versions.find((v) => v.planVersion === number);
    if (!version) throw badInput(field, versions.length ? `there is no version ${number} (there are versions 1 to ${versions.length}).` : 'there is no cost share for that year yet.');
    return version;
  };
  const before = pick('from', from);
  const after = to === null || to === undefined ? versions[versions.length - 1] : pick('to', to);
  return { partnership: before.partnership, year: before.year, from: before, to: after, changes: diffVersions(figuresOf(before), figuresOf(after)) };
}

/**
 * What saving `input` as the draft would give, worked out on the establishment now, against the
 * current version (agreed or draft): a preview to review before submitting. Nothing is saved.
 */
export async function previewCostShareDraft(em: EntityManager, partnershipCode: string, yearLabel: string, input: CostShareInput): Promise<CostShareDiffView> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  const year = await requireFinancialYear(em, 'financialYear', yearLabel);
  const existing = await findAgreement(em, partnership, year);
  const current = existing ? await viewOf(em, existing) : null;
  const proposal = new CostShareAgreement();
  Object.assign(proposal, { partnership, year, basis: input.basis, status: 'DRAFT', planVersion: !existing ? 1 : existing.status === 'AGREED' ? existing.planVersion + 1 : existing.planVersion });
  for (const [position, { agency, weight }] of (await entriesFrom(em, partnership, input)).entries())
    proposal.entries.add(Object.assign(new CostShareEntry(), { agreement: proposal, agency, weight, position }));
  const lines = await em.find(EstablishmentLine, { partnership, year });
  checkShareable(proposal, lines, year);
  const to = workedOut(proposal, lines);
  return { partnership, year, from: current, to, changes: diffVersions(current ? figuresOf(current) : { ...figuresOf(to), totalPence: 0, shares: [] }, figuresOf(to)) };
}

/** Each share's agency and weight as the basis defines it (`field` names the input: `input`, `assumptions.shares`). */
export async function entriesFrom(tx: EntityManager, partnership: Partnership, input: CostShareInput, inputField = 'input'): Promise<{ agency: Agency; weight: number }[]> {
  return Promise.all(
    input.shares.map(async (share, i) => {
      const field = `${inputField}.shares[${i}]`;
      const agency = await requireAgency(tx, `${field}.agency`, partnership, share.agency);
      return { agency, weight: shareWeight(field, input.basis, share) };
    }),
  );
}

/** A share's stored weight as its basis defines it: a percent in hundredths, a whole-number weight, or 0 for FTE hosted. */
export function shareWeight(field: string, basis: CostShareBasis, share: { percent?: number | null; weight?: number | null }): number {
  if (basis === 'FIXED_PERCENTAGES') {
    if (share.percent === null || share.percent === undefined) throw badInput(`${field}.percent`, 'a fixed-percentage share needs a percent.');
    return percentToHundredths(`${field}.percent`, share.percent);
  }
  if (basis === 'PRO_RATA_FTE_HOSTED') {
    if (share.percent != null || share.weight != null) throw badInput(field, 'FTE-hosted shares are worked out from the establishment; give the agency only.');
    return 0;
  }
  if (share.weight === null || share.weight === undefined) throw badInput(`${field}.weight`, `a ${basis === 'PRO_RATA_COHORT' ? 'cohort' : 'population'} share needs a weight.`);
  return requireWholeNumber(`${field}.weight`, share.weight);
}

/** Updates entries in place by agency (a delete-then-insert of the same agency would break its unique key). */
function replaceEntries(tx: EntityManager, agreement: CostShareAgreement, entries: { agency: Agency; weight: number }[]): void {
  const current = new Map(agreement.entries.getItems().map((entry) => [entry.agency.id, entry]));
  entries.forEach(({ agency, weight }, position) => {
    const entry = current.get(agency.id);
    current.delete(agency.id);
    if (entry) Object.assign(entry, { weight, position });
    else agreement.entries.add(tx.create(CostShareEntry, { agreement, agency, weight, position }));
  });
  for (const stale of current.values()) agreement.entries.remove(stale);
}

/**
 * Checks a set of shares can be worked out. Pro rata by FTE hosted needs establishment lines that
 * name the agencies as employers: when none do, the message says so rather than asking for weights.
 */
function checkShareable(agreement: CostShareAgreement, lines: readonly EstablishmentLine[], year: FinancialYear): void {
  const weights = weightsOf(agreement, lines);
  if (agreement.basis === 'PRO_RATA_FTE_HOSTED' && weights.length > 0 && weights.every((w) => w.weight === 0)) {
    const named = [...new Set(lines.map((line) => line.employingAgency?.code).filter((code): code is string => !!code))];
    const agencies = weights.map((w) => w.agency).join(', ');
    if (lines.length === 0) throw badInput('input.basis', `the ${year.label} establishment has no lines yet, so there is no FTE hosted to share by; add the lines first, or choose another basis.`);
    throw badInput(
      'input.basis',
      named.length === 0
        ? `none of the ${year.label} establishment's ${lines.length} lines names an employing agency, so there is no FTE hosted to share by; give each line its employingAgency, or choose another basis.`
        : `${agencies} employ none of the ${year.label} establishment's FTE (its lines name ${named.join(', ')} as employers); share between the employing agencies, or choose another basis.`,
    );
  }
  validateShares('input.shares', agreement.basis, weights);
}

/** The refusal of a change a plan's status does not allow, naming the status (and who agreed it). */
function statusRefusal(what: string, agreement: CostShareAgreement, frozen: CostShareVersion | null, action: string): DomainError {
  const agreed = frozen ? `, agreed on ${frozen.agreedAt.toISOString().slice(0, 10)} by ${frozen.agreedBy}` : '';
  const state = agreement.status === 'AGREED' ? `agreed (version ${agreement.planVersion}${agreed})` : `a draft (version ${agreement.planVersion})`;
  return new DomainError('BAD_USER_INPUT', `${what} is ${state}; ${action}`, { status: agreement.status, planVersion: agreement.planVersion });
}

const planName = (partnership: Partnership, year: FinancialYear) => `The ${year.label} cost share for ${partnership.name}`;

/**
 * Creates the year's draft cost share (no `expectedVersion`) or replaces the draft
 * (`expectedVersion` = the version it was read at). An agreed share must be reopened first.
 */
export async function saveCostShareDraft(
  em: EntityManager,
  partnershipCode: string,
  yearLabel: string,
  expectedVersion: number | null | undefined,
  input: CostShareInput,
): Promise<CostShareView> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const existing = await findAgreement(tx, partnership, year);
    const what = planName(partnership, year);
    if (existing && (expectedVersion === null || expectedVersion === undefined)) throw conflict(what, 0, existing.version);
    if (!existing && expectedVersion !== null && expectedVersion !== undefined) throw notFound('cost share for', `${partnership.code} ${year.label}`);
    if (existing && existing.version !== expectedVersion) throw conflict(what, expectedVersion as number, existing.version);
    if (existing?.status === 'AGREED') throw statusRefusal(what, existing, await frozenOf(tx, existing), 'reopen it (reopenCostShare) before changing it.');

    const entries = await entriesFrom(tx, partnership, input);
    const agreement: CostShareAgreement = existing ?? tx.create(CostShareAgreement, { partnership, year, basis: input.basis } as CostShareAgreement);
    agreement.basis = input.basis;
    agreement.notes = optionalText('input.notes', input.notes);
    agreement.source = optionalText('input.source', input.source);
    // A save always makes a new version, even when only the shares change: move the timestamp on by at least 1 ms.
    agreement.updatedAt = new Date(Math.max(Date.now(), (agreement.updatedAt?.getTime() ?? 0) + 1));
    replaceEntries(tx, agreement, entries);
    checkShareable(agreement, await linesOf(tx, agreement), year);
    await tx.flush();
    return viewOf(tx, agreement);
  });
}

async function frozenOf(em: EntityManager, agreement: CostShareAgreement): Promise<CostShareVersion | null> {
  if (!readsLean(em)) return em.findOne(CostShareVersion, { agreement, number: agreement.planVersion });
  const query = 'SELECT v.* FROM cost_share_version v WHERE v.agreement_id = :agreementId AND v.number = :number';
  return (await plainEntitiesOf(em, CostShareVersion, query, { agreementId: agreement.id, number: agreement.planVersion }))[0] ?? null;
}

async function whoIsAsking(tx: EntityManager): Promise<{ agreedBy: string; agreedByTokenId: number | null }> {
  const { tokenId } = callerOf(tx);
  if (tokenId === null) return { agreedBy: 'the hub', agreedByTokenId: null };
  const token = await tx.findOne(AccessToken, { id: tokenId });
  return { agreedBy: token?.label || `token ${tokenId}`, agreedByTokenId: tokenId };
}

/** Freezes the draft's figures, worked out on the establishment now, as an agreed version. */
function freeze(tx: EntityManager, view: CostShareView, agreedAt: Date, who: { agreedBy: string; agreedByTokenId: number | null }, note: string | null): CostShareVersion {
  const shares: AgreedShare[] = view.shares.map((share) => ({
    agencyId: share.agencyRecord.id,
    agency: share.agency,
    agencyName: share.agencyName,
    weight: share.weight,
    percentHundredths: share.percentHundredths,
    contributionPence: share.contributionPence,
  }));
  const { agreement } = view;
  return tx.create(CostShareVersion, {
    agreement, partnership: agreement.partnership, year: agreement.year, number: agreement.planVersion, basis: agreement.basis, totalPence: view.totalPence,
    totalComplete: view.totalComplete, shares, agreedAt, ...who, note, notes: agreement.notes ?? null, source: agreement.source ?? null,
  });
}

/**
 * Agrees the draft (freezing its figures as the next agreed version, with who agreed it and an
 * optional minute reference) or reopens the agreed version as the next draft, checking the caller's version.
 */
export async function setCostShareStatus(
  em: EntityManager,
  partnershipCode: string,
  yearLabel: string,
  expectedVersion: number,
  status: CostShareAgreement['status'],
  note?: string | null,
): Promise<CostShareView> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const agreement = await findAgreement(tx, partnership, year);
    if (!agreement) throw notFound('cost share for', `${partnership.code} ${year.label}`);
    const what = planName(partnership, year);
    if (agreement.version !== expectedVersion) throw conflict(what, expectedVersion, agreement.version);
    const frozen = await frozenOf(tx, agreement);
    if (agreement.status === status)
      throw statusRefusal(what, agreement, frozen, status === 'AGREED' ? 'its figures are frozen; reopen it to agree a new version.' : 'edit and agree it; there is nothing to reopen.');
    const lines = await linesOf(tx, agreement);
    if (status === 'AGREED') {
      checkShareable(agreement, lines, year);
      agreement.agreedAt = new Date();
      freeze(tx, workedOut(agreement, lines), agreement.agreedAt, await whoIsAsking(tx), optionalText('note', note, 500));
    } else {
      // A plan agreed before the hub kept versions is frozen now, as it stood, so reopening loses nothing.
      if (!frozen) freeze(tx, workedOut(agreement, lines), agreement.agreedAt ?? new Date(), { agreedBy: 'not recorded', agreedByTokenId: null }, null);
      agreement.planVersion += 1;
      agreement.agreedAt = null;
    }
    agreement.status = status;
    await tx.flush();
    return viewOf(tx, agreement, lines);
  });
}
