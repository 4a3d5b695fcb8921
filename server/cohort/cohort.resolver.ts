import { wrap, type EntityClass } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { HubContext } from '../context.js';
import { childrenOf, rowById } from '../db/batch.js';
import { plainRowRead } from '../db/entity-rows.js';
import { Agency, Hub } from '../partnership/partnership.entity.js';
import { CrimeCategory, CrimeClassification } from '../reference/crime-category.entity.js';
import { Membership, Nominal, NominalIdentity, Offence, PanelDecision, PartnershipScopeRule, Referral, ReviewCadence, ScoringMatrix, StatusReview, StatutoryStatus } from './cohort.entity.js';
import {
  CohortFilter, CohortRecordInput, CohortSort, DeselectionInput, MembershipInput, NominalInput, OffenceInput, PanelDecisionInput, ReferralInput, ReviewCadenceInput, ScoringMatrixInput, StatusReviewInput,
} from './cohort.input.js';
import { CohortPage, ReferralMatrix, ReferralScope, ReviewDueResult } from './cohort.types.js';
import { loadReviewCadence, loadReviewsDue, setReviewCadence, setScoringMatrix } from './review-cycle.service.js';
import { callerOf } from '../access/caller.js';
import { longAnswerTurns } from '../access/long-answers.js';
import { requirePartnership } from '../partnership/lookup.js';
import { FAR_FUTURE, latestReviewOf, loadCohortPage } from './cohort-list.service.js';
import { holdRecentOffences, recentOffencesOf } from './offence-rows.js';
import { reviewsOfMembers } from './review-rows.js';
import {
  addNominal, decideReferral, findNominals, importCohortRecords, deselect, recordOffence, recordReview, referNominal, judgeScope, loadNominal, loadReferrals, referralsAsText, scopeFacts, setRelevantBanding, setScopeRules,
  startMembership, updateNominal,
} from './cohort.service.js';
import { Count } from '../units/scalars.js';
import type { PlainTextAsked } from '../access/plain-text.js';

/** Whether `row` is a plain row the request made (plainRowRead): a whole row, asked without `wrap`, which makes the ORM's helper for it. */
const isPlainRow = <T extends { id: number }>(ctx: HubContext, entity: EntityClass<T>, row: T) => plainRowRead(ctx.em, entity, row.id) === row;

/**
 * The flat referral list's rows, from the arguments of `referrals`: its resolver's, and the plain
 * answer's when the list is asked for its plain fields alone (server/access/plain-lists.ts), which
 * gives the `fields` asked so that only their columns are read.
 */
export async function referralRows(args: { partnership?: unknown; decision?: unknown; statutoryStatus?: unknown }, ctx: HubContext, fields?: readonly string[]): Promise<Referral[]> {
  // Thousands of rows held until their read audit is written: one of the long answers' turns (server/access/long-answers.ts).
  await longAnswerTurns.take(ctx);
  return loadReferrals(ctx.em, args.partnership as string, (args.decision ?? null) as PanelDecision | null, (args.statutoryStatus ?? null) as StatutoryStatus | null, fields);
}

/** The referral list asked for leaves alone, as its JSON text made by SQLite (server/access/plain-text.ts), or null to answer it as before. */
export async function referralsText(args: { partnership?: unknown; decision?: unknown; statutoryStatus?: unknown }, ctx: HubContext, asked: PlainTextAsked): Promise<{ text: string; nominals: readonly number[] } | null> {
  // The same turn as the rows would take (server/access/long-answers.ts).
  await longAnswerTurns.take(ctx);
  return referralsAsText(ctx.em, args.partnership as string, (args.decision ?? null) as PanelDecision | null, (args.statutoryStatus ?? null) as StatutoryStatus | null, asked);
}

registerEnumType(CohortSort, { name: 'CohortSort', description: 'START_DATE: by the date the agreement was signed. REFERENCE: by pseudonymous reference.' });

const today = () => new Date().toISOString().slice(0, 10);

/** What a query asks of a cohort page: the `cohort` field's node and the request's variables (coerced), as graphql-js's resolve info holds them. */
interface PageAsked {
  node: FieldNode;
  variables: Record<string, unknown>;
}

/** The `nodes { <name> }` fields the query asks the page for (through inline fragments too). */
function nodeFieldsAsked({ node: page }: PageAsked, name: string): FieldNode[] {
  const fields = (set: SelectionSetNode | undefined): FieldNode[] => (set?.selections ?? []).flatMap((s) => (s.kind === Kind.FIELD ? [s] : s.kind === Kind.INLINE_FRAGMENT ? fields(s.selectionSet) : []));
  return fields(page.selectionSet).filter((f) => f.name.value === 'nodes').flatMap((node) => fields(node.selectionSet).filter((f) => f.name.value === name));
}

/** The `asOf` a field asks for: a string, null when none is given, undefined when it is not a string. */
function asOfAsked({ variables }: PageAsked, field: FieldNode): string | null | undefined {
  const arg = field.arguments?.find((a) => a.name.value === 'asOf')?.value;
  const value = !arg || arg.kind === Kind.NULL ? undefined : arg.kind === Kind.STRING ? arg.value : arg.kind === Kind.VARIABLE ? variables[arg.name.value] : undefined;
  return typeof value === 'string' ? value : value === undefined || value === null ? null : undefined;
}

/** The `asOf` of the first `nodes { latestReview }` the query asks for (loaded with the page), or undefined when it asks for none. */
function latestReviewAsOfAsked(asked: PageAsked): string | undefined {
  const review = nodeFieldsAsked(asked, 'latestReview')[0];
  if (!review) return undefined;
  const asOf = asOfAsked(asked, review);
  return asOf === null ? FAR_FUTURE : asOf;
}

/** The dates of the `nodes { offencesInLast12Months }` the query asks for (today's when none is given), loaded with the page; a date not of the form YYYY-MM-DD is left to the field. */
function offencesAsOfsAsked(asked: PageAsked): string[] {
  const asOfs = nodeFieldsAsked(asked, 'offencesInLast12Months').map((field) => asOfAsked(asked, field)).map((asOf) => (asOf === null ? today() : asOf));
  return [...new Set(asOfs.filter((asOf): asOf is string => typeof asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(asOf)))];
}

/**
 * The cohort page `cohort`'s arguments ask for, with what the query asks of its members loaded with
 * it: its resolver's, and the plain answer's when the page is asked for plain fields alone
 * (server/access/plain-lists.ts), which gives the arguments as graphql-js gives them.
 */
export async function cohortPage(args: { partnership?: unknown; filter?: unknown; sort?: unknown; first?: unknown; after?: unknown }, ctx: HubContext, asked: PageAsked): Promise<CohortPage> {
  const page = await loadCohortPage(ctx, args.partnership as string, (args.filter ?? {}) as CohortFilter, args.sort as CohortSort, args.first as number, args.after as string | null | undefined, latestReviewAsOfAsked(asked));
  await holdRecentOffences(ctx, page.nodes, offencesAsOfsAsked(asked));
  return CohortPage.from(page);
}

@Resolver()
export class CohortResolver {
  @Query(() => CohortPage, { description: 'A partnership\'s memberships, filtered, sorted and paged with a cursor. Latest reviews and recent offences load in one statement each, whatever the page size.' })
  async cohort(
    @Arg('partnership', () => String) partnership: string,
    @Arg('filter', () => CohortFilter, { nullable: true }) filter: CohortFilter | null,
    @Arg('sort', () => CohortSort, { nullable: true, defaultValue: 'START_DATE' }) sort: CohortSort,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'Page size, 1–500.' }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CohortPage> {
    return cohortPage({ partnership, filter, sort, first, after }, ctx, { node: info.fieldNodes[0], variables: info.variableValues });
  }

  @Query(() => Nominal, { nullable: true, description: 'One nominal by id.' })
  nominal(@Arg('id', () => ID) id: string, @Ctx() { em }: HubContext): Promise<Nominal | null> {
    return loadNominal(em, id);
  }

  @Query(() => [Referral], { description: 'A partnership\'s referrals, newest first, each with the scope rules it passes or fails.' })
  async referrals(
    @Arg('partnership', () => String) partnership: string,
    @Arg('decision', () => PanelDecision, { nullable: true }) decision: PanelDecision | null,
    @Arg('statutoryStatus', () => StatutoryStatus, { nullable: true }) statutoryStatus: StatutoryStatus | null,
    @Ctx() ctx: HubContext,
  ): Promise<Referral[]> {
    return referralRows({ partnership, decision, statutoryStatus }, ctx);
  }

  @Query(() => [Nominal], { description: 'A partnership\'s nominals whose reference contains `search` (any case), or — for its case managers only — whose name does; by reference, at most `first`.' })
  nominals(
    @Arg('partnership', () => String) partnership: string,
    @Arg('search', () => String, { defaultValue: '' }) search: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: '1–100.' }) first: number,
    @Ctx() { em }: HubContext,
  ): Promise<Nominal[]> {
    return findNominals(em, partnership, search, first, callerOf(em).role === 'CASE_MANAGER');
  }

  @Query(() => [CrimeCategory], { description: 'The offence classification: every CrimSec3 (Home Office notifiable offence) code, the priority crimes first in the order of AP14/73 3.4.' })
  crimeCategories(@Arg('priority', () => Boolean, { nullable: true, description: 'Only priority crimes (true) or only the others (false).' }) priority: boolean | null, @Ctx() { em }: HubContext): Promise<CrimeCategory[]> {
    return em.find(CrimeCategory, priority == null ? {} : { priority }, { orderBy: { id: 'asc' } });
  }

  @Query(() => [CrimeClassification], { description: 'The offence classifications loaded, with their versions and sources.' })
  crimeClassifications(@Ctx() { em }: HubContext): Promise<CrimeClassification[]> {
    return em.find(CrimeClassification, {}, { orderBy: { id: 'asc' } });
  }

  @Query(() => ScoringMatrix, { nullable: true, description: 'The partnership\'s referral scoring matrix, if it has one.' })
  async scoringMatrix(@Arg('partnership', () => String) partnership: string, @Ctx() { em }: HubContext): Promise<ScoringMatrix | null> {
    return em.findOne(ScoringMatrix, { partnership: await requirePartnership(em, 'partnership', partnership) });
  }

  @Query(() => [ReviewCadence], { description: 'How often the partnership reviews members of each RAG status.' })
  reviewCadence(@Arg('partnership', () => String) partnership: string, @Ctx() { em }: HubContext): Promise<ReviewCadence[]> {
    return loadReviewCadence(em, partnership);
  }

  @Query(() => [ReviewDueResult], { description: 'Review cycle v1: members on the scheme at `date` due or overdue for review under the partnership\'s cadence (and members never reviewed), overdue first.' })
  async reviewsDue(
    @Arg('partnership', () => String) partnership: string,
    @Arg('date', () => String, { description: 'YYYY-MM-DD.' }) date: string,
    @Arg('withinDays', () => Int, { nullable: true, defaultValue: 0, description: 'Also those due in the next so many days.' }) withinDays: number,
    @Ctx() { em }: HubContext,
  ): Promise<ReviewDueResult[]> {
    return (await loadReviewsDue(em, partnership, date, withinDays)).map(ReviewDueResult.from);
  }

  @Mutation(() => Nominal, { description: 'Records a nominal (and, apart, who they are).' })
  addNominal(@Arg('partnership', () => String) partnership: string, @Arg('input', () => NominalInput) input: NominalInput, @Ctx() { em }: HubContext): Promise<Nominal> {
    return addNominal(em, partnership, input);
  }

  @Mutation(() => Nominal, { description: 'Replaces a nominal\'s details; refused with CONFLICT if it changed since `expectedVersion`.' })
  updateNominal(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Arg('input', () => NominalInput) input: NominalInput, @Ctx() { em }: HubContext): Promise<Nominal> {
    return updateNominal(em, id, expectedVersion, input);
  }

  @Mutation(() => Referral, { description: 'Records a referral by an agency, with its matrix and ORGS scores.' })
  referNominal(@Arg('nominal', () => ID) nominal: string, @Arg('input', () => ReferralInput) input: ReferralInput, @Ctx() { em }: HubContext): Promise<Referral> {
    return referNominal(em, nominal, input);
  }

  @Mutation(() => Referral, { description: 'Records the panel\'s decision on a referral.' })
  decideReferral(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Arg('input', () => PanelDecisionInput) input: PanelDecisionInput, @Ctx() { em }: HubContext): Promise<Referral> {
    return decideReferral(em, id, expectedVersion, input);
  }

  @Mutation(() => Membership, { description: 'Starts a membership on the date the agreement was signed.' })
  startMembership(@Arg('nominal', () => ID) nominal: string, @Arg('input', () => MembershipInput) input: MembershipInput, @Ctx() { em }: HubContext): Promise<Membership> {
    return startMembership(em, nominal, input);
  }

  @Mutation(() => StatusReview, { description: 'Records a RAG review; the date must fall within the membership.' })
  recordReview(@Arg('membership', () => ID) membership: string, @Arg('input', () => StatusReviewInput) input: StatusReviewInput, @Ctx() { em }: HubContext): Promise<StatusReview> {
    return recordReview(em, membership, input);
  }

  @Mutation(() => Membership, { description: 'De-selects a member with a reason, and its closing review if given, in one transaction.' })
  deselect(@Arg('membership', () => ID) membership: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Arg('input', () => DeselectionInput) input: DeselectionInput, @Ctx() { em }: HubContext): Promise<Membership> {
    return deselect(em, membership, expectedVersion, input);
  }

  @Mutation(() => Offence, { description: 'Records a proven offence with its CrimSec3 code and outcome.' })
  recordOffence(@Arg('nominal', () => ID) nominal: string, @Arg('input', () => OffenceInput) input: OffenceInput, @Ctx() { em }: HubContext): Promise<Offence> {
    return recordOffence(em, nominal, input);
  }

  @Mutation(() => Count, { description: 'Imports many nominals\' whole records (referral, decision, membership with reviews and de-selection, offences) in one transaction, checked by the same rules as the single mutations: all of them, or none. Returns how many.' })
  importCohortRecords(@Arg('partnership', () => String) partnership: string, @Arg('records', () => [CohortRecordInput]) records: CohortRecordInput[], @Ctx() { em }: HubContext): Promise<number> {
    return importCohortRecords(em, partnership, records);
  }

  @Mutation(() => Membership, { description: 'Sets the priority crime banding most relevant to a member (Suffolk\'s method for the priority crime rate); null clears it.' })
  setRelevantBanding(
    @Arg('membership', () => ID) membership: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('banding', () => String, { nullable: true }) banding: string | null,
    @Ctx() { em }: HubContext,
  ): Promise<Membership> {
    return setRelevantBanding(em, membership, expectedVersion, banding);
  }

  @Mutation(() => ScoringMatrix, { description: 'Sets the partnership\'s referral scoring matrix: weighted factors and a threshold. Referrals already scored keep what they were scored on.' })
  setScoringMatrix(@Arg('partnership', () => String) partnership: string, @Arg('matrix', () => ScoringMatrixInput) matrix: ScoringMatrixInput, @Ctx() { em }: HubContext): Promise<ScoringMatrix> {
    return setScoringMatrix(em, partnership, matrix);
  }

  @Mutation(() => [ReviewCadence], { description: 'Sets how often members of each RAG status are reviewed (Thurrock: RED every 14 days); a status left out has no cadence.' })
  setReviewCadence(
    @Arg('partnership', () => String) partnership: string,
    @Arg('cadence', () => [ReviewCadenceInput]) cadence: ReviewCadenceInput[],
    @Arg('source', () => String, { nullable: true }) source: string | null,
    @Ctx() { em }: HubContext,
  ): Promise<ReviewCadence[]> {
    return setReviewCadence(em, partnership, cadence, source);
  }

  @Mutation(() => [String], { description: 'Sets the scope rules a partnership\'s referrals are put through (PAN_LONDON_ORGS, NORFOLK_SUFFOLK_EXCLUSIONS, NEWLY_SENTENCED, MAPPA_EXCLUSION).' })
  setScopeRules(@Arg('partnership', () => String) partnership: string, @Arg('rules', () => [String]) rules: string[], @Ctx() { em }: HubContext): Promise<string[]> {
    return setScopeRules(em, partnership, rules);
  }
}

@Resolver(() => Nominal)
export class NominalResolver {
  @FieldResolver(() => NominalIdentity, { nullable: true, description: 'Who the nominal is: for case managers of the owning partnership only.' })
  async identity(@Root() nominal: Nominal, @Ctx() ctx: HubContext): Promise<NominalIdentity | null> {
    const identity = (await childrenOf(ctx, NominalIdentity, 'nominal').load(nominal.id))[0];
    // Its fields are shown by the read rules, which need the owning partnership: the nominal asked
    // about knows it (the row just loaded may not, when the nominal was written in another transaction).
    return identity ? ({ id: identity.id, name: identity.name, dateOfBirth: identity.dateOfBirth, pncId: identity.pncId, nominal } as NominalIdentity) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Hub name.' })
  hubName(@Root() nominal: Nominal, @Ctx() ctx: HubContext): string | null | Promise<string | null> {
    if (!nominal.hub) return null;
    // A page's nominal has its hub, the very row its loader was given (no promise per member); else batched.
    if (isPlainRow(ctx, Hub, nominal.hub)) return nominal.hub.name ?? null;
    return rowById(ctx, Hub).load(nominal.hub.id).then((hub) => hub?.name ?? null);
  }

  @FieldResolver(() => [Referral])
  referrals(@Root() nominal: Nominal, @Ctx() ctx: HubContext): Promise<Referral[]> {
    return childrenOf(ctx, Referral, 'nominal').load(nominal.id);
  }

  @FieldResolver(() => [Membership])
  memberships(@Root() nominal: Nominal, @Ctx() ctx: HubContext): Promise<Membership[]> {
    return childrenOf(ctx, Membership, 'nominal').load(nominal.id);
  }

  @FieldResolver(() => [Offence])
  offences(@Root() nominal: Nominal, @Ctx() ctx: HubContext): Promise<Offence[]> {
    return childrenOf(ctx, Offence, 'nominal').load(nominal.id);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  // These answer without a promise what the page loaded with itself (its nominals, latest reviews and
  // offences), so graphql-js completes each member at once; anything else is loaded, batched.
  @FieldResolver(() => Nominal)
  nominal(@Root() membership: Membership, @Ctx() ctx: HubContext): Nominal | Promise<Nominal> {
    return isPlainRow(ctx, Nominal, membership.nominal) || wrap(membership.nominal).isInitialized() ? membership.nominal : rowById(ctx, Nominal).load(membership.nominal.id).then((nominal) => nominal!);
  }

  @FieldResolver(() => StatusReview, { nullable: true, description: 'The latest review on or before `asOf` (default: the latest of all).' })
  latestReview(@Root() membership: Membership, @Arg('asOf', () => String, { nullable: true }) asOf: string | null, @Ctx() ctx: HubContext): StatusReview | null | Promise<StatusReview | null> {
    return latestReviewOf(ctx, asOf ?? undefined).answer(membership.id);
  }

  @FieldResolver(() => [Offence], { description: 'Proven offences dated in the 12 months to `asOf` (default: today).' })
  offencesInLast12Months(@Root() membership: Membership, @Arg('asOf', () => String, { nullable: true }) asOf: string | null, @Ctx() ctx: HubContext): Offence[] | Promise<Offence[]> {
    return recentOffencesOf(ctx, asOf ?? today()).answer(membership.nominal.id);
  }

  @FieldResolver(() => [StatusReview])
  reviews(@Root() membership: Membership, @Ctx() ctx: HubContext): Promise<StatusReview[]> {
    return reviewsOfMembers(ctx).load(membership.id);
  }
}

@Resolver(() => Referral)
export class ReferralResolver {
  @FieldResolver(() => String, { description: 'Code of the referring agency.' })
  agency(@Root() referral: Referral, @Ctx() ctx: HubContext): string | Promise<string> {
    // Loaded with the referral when it came from a list (no promise per row), else batched.
    return referral.agency.code ?? rowById(ctx, Agency).load(referral.agency.id).then((agency) => agency!.code);
  }

  @FieldResolver(() => String, { nullable: true })
  indexOffenceCode(@Root() referral: Referral, @Ctx() ctx: HubContext): string | null | Promise<string | null> {
    if (!referral.indexOffence) return null;
    return referral.indexOffence.code ?? rowById(ctx, CrimeCategory).load(referral.indexOffence.id).then((category) => category?.code ?? null);
  }

  @FieldResolver(() => ReferralScope, { description: 'Which of the partnership\'s scope rules the referral passes or fails, and why (facts as at the referral date). Batched: a constant number of statements for a whole list.' })
  async scope(@Root() referral: Referral, @Ctx() ctx: HubContext): Promise<ReferralScope> {
    const nominal = (await rowById(ctx, Nominal).load(referral.nominal.id))!;
    const [rules, offences, indexOffence] = await Promise.all([
      childrenOf(ctx, PartnershipScopeRule, 'partnership').load(nominal.partnership.id),
      childrenOf(ctx, Offence, 'nominal').load(nominal.id),
      referral.indexOffence ? rowById(ctx, CrimeCategory).load(referral.indexOffence.id) : null,
    ]);
    const categories = await Promise.all(offences.map((o) => rowById(ctx, CrimeCategory).load(o.category.id)));
    const proven = offences.map((o, i) => ({ outcome: o.outcome, outcomeDate: o.outcomeDate, banding: categories[i]!.banding }));
    return ReferralScope.from(judgeScope(rules.map((r) => r.rule), scopeFacts(referral, nominal, indexOffence, proven)));
  }

  @FieldResolver(() => Nominal)
  async nominal(@Root() referral: Referral, @Ctx() ctx: HubContext): Promise<Nominal> {
    return (await rowById(ctx, Nominal).load(referral.nominal.id))!;
  }

  @FieldResolver(() => ReferralMatrix, { nullable: true, description: 'The matrix score explained factor by factor, against the threshold it was scored on (or the partnership\'s now); null without a score.' })
  async matrix(@Root() referral: Referral, @Ctx() ctx: HubContext): Promise<ReferralMatrix | null> {
    if (referral.matrixScore === null || referral.matrixScore === undefined) return null;
    let threshold = referral.matrixThreshold ?? null;
    if (threshold === null) {
      const nominal = (await rowById(ctx, Nominal).load(referral.nominal.id))!;
      threshold = (await childrenOf(ctx, ScoringMatrix, 'partnership').load(nominal.partnership.id))[0]?.threshold ?? null;
    }
    return ReferralMatrix.from(referral.matrixScore, referral.matrixFactors ?? [], threshold);
  }
}

@Resolver(() => Offence)
export class OffenceResolver {
  // Loaded with the offence on a cohort page (no promise per offence), else batched.
  @FieldResolver(() => CrimeCategory)
  category(@Root() offence: Offence, @Ctx() ctx: HubContext): CrimeCategory | Promise<CrimeCategory> {
    return isPlainRow(ctx, CrimeCategory, offence.category) || wrap(offence.category).isInitialized() ? offence.category : rowById(ctx, CrimeCategory).load(offence.category.id).then((category) => category!);
  }
}
