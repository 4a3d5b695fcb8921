import { Arg, Ctx, Field, GraphQLISODateTime, Info, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { createContext, type HubContext } from '../context.js';
import { compareWithLive, findSnapshot, freezeWorkbook } from './snapshots.js';
import type { WorkbookSnapshot } from './snapshot.entity.js';

@InputType()
export class FreezeBindingInput {
  @Field(() => String, { description: 'The binding\'s id in the workbook.' }) binding!: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String) query!: string;
  @Field(() => String, { nullable: true, description: 'The variables, as JSON.' }) variables?: string | null;
}

@InputType()
export class FreezeWorkbookInput {
  @Field(() => String, { description: 'The id the workbook\'s bindings carry.' }) workbook!: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => [FreezeBindingInput]) bindings!: FreezeBindingInput[];
}

@ObjectType({ description: 'One binding of a frozen board pack: the exact answer the hub served, with what it was asked.' })
export class FrozenBinding {
  @Field(() => String) binding!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String) query!: string;
  @Field(() => String, { description: 'The variables, as JSON.' }) variables!: string;
  @Field(() => String, { description: 'SHA-256 of the query and its variables.' }) queryHash!: string;
  @Field(() => String, { description: 'The answer\'s data as served, JSON text: the same bytes however long ago it was frozen.' }) data!: string;
  @Field(() => String, { description: 'The measures its figures come from (name, version, definition), JSON.' }) measures!: string;
}

@ObjectType({ description: 'A frozen board pack: what the hub served for each binding of a workbook, and when ("snapshot as at …").' })
export class BoardPackSnapshot {
  @Field(() => Int) id!: number;
  @Field(() => String) workbook!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => GraphQLISODateTime, { description: 'The "snapshot as at" time.' }) takenAt!: Date;
  @Field(() => String) takenBy!: string;
  @Field(() => [FrozenBinding]) bindings!: FrozenBinding[];
}

@ObjectType({ description: 'A value that differs between a snapshot and the live answer.' })
export class SnapshotChangeResult {
  @Field(() => String) binding!: string;
  @Field(() => String, { description: 'Where in the answer, e.g. `costShare.shares.2.contribution` (list items by index from 0).' }) path!: string;
  @Field(() => String, { nullable: true, description: 'The frozen value as JSON; null: not in the snapshot.' }) frozen!: string | null;
  @Field(() => String, { nullable: true, description: 'The live value as JSON; null: not in the live answer.' }) live!: string | null;
}

const view = (snapshot: WorkbookSnapshot): BoardPackSnapshot => ({
  id: snapshot.id, workbook: snapshot.workbook, title: snapshot.title ?? null, takenAt: snapshot.takenAt, takenBy: snapshot.takenBy,
  bindings: snapshot.bindings.getItems().map((b) => ({ binding: b.binding, title: b.title ?? null, query: b.query, variables: b.variables, queryHash: b.queryHash, data: b.data, measures: b.measures })),
});

/** The context each frozen query runs in: the caller's, its nominal reads collected into the request's own, so the audit log records them. */
const contextFor = (ctx: HubContext) => (em: HubContext['em']): HubContext => ({ ...createContext(em, ctx.caller), reads: ctx.reads });

@Resolver()
export class SnapshotResolver {
  @Mutation(() => BoardPackSnapshot, { description: 'Freezes a workbook\'s bindings: the hub answers each one now, as you, and keeps the answers exactly as served.' })
  async freezeWorkbook(@Arg('input', () => FreezeWorkbookInput) input: FreezeWorkbookInput, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<BoardPackSnapshot> {
    return view(await freezeWorkbook(ctx.em, info.schema, contextFor(ctx), input));
  }

  @Query(() => BoardPackSnapshot, { nullable: true, description: 'A frozen board pack, byte for byte as served: for the token that froze it, and admins (null for anyone else).' })
  async workbookSnapshot(@Arg('id', () => Int) id: number, @Ctx() { em }: HubContext): Promise<BoardPackSnapshot | null> {
    const snapshot = await findSnapshot(em, id);
    return snapshot && view(snapshot);
  }

  @Query(() => [SnapshotChangeResult], { nullable: true, description: '"Compare with live": every value of a snapshot that the same queries, answered now, give differently (null: no such snapshot of yours).' })
  async compareSnapshotWithLive(@Arg('id', () => Int) id: number, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<SnapshotChangeResult[] | null> {
    const snapshot = await findSnapshot(ctx.em, id);
    return snapshot && compareWithLive(ctx.em, info.schema, contextFor(ctx), snapshot);
  }
}
