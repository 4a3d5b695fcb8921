import DataLoader from 'dataloader';
import { Arg, Ctx, Field, FieldResolver, GraphQLISODateTime, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context.js';
import { AuditEntry } from './audit-entry.entity.js';
import { nominalsReadBy, readAuditLog, type AuditQuery } from './audit.service.js';
import { MAX_PAGE_SIZE } from './limits.js';
import { Count } from '../units/scalars.js';

@InputType({ description: 'Which audit entries to list; every field is optional.' })
export class AuditFilter implements AuditQuery {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From this moment (inclusive).' })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Before this moment.' })
  to?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Entries made with this token (see accessTokens).' })
  tokenId?: number | null;

  @Field(() => String, { nullable: true, description: 'e.g. `EstablishmentLine`, `Nominal` for reads of nominal-level data.' })
  entity?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. `updateEstablishmentLine`.' })
  operation?: string | null;

  @Field(() => String, { nullable: true, description: 'CREATE, UPDATE, DELETE, IMPORT or READ.' })
  action?: string | null;

  @Field(() => ID, { nullable: true, description: 'Reads that returned this nominal (its id): who looked at this person, and when, and whether they saw who it is.' })
  nominal?: string | null;
}

@ObjectType({ description: 'One page of the audit log, newest first.' })
export class AuditPage {
  @Field(() => Count, { description: 'How many entries match, on all pages.' })
  total!: number;

  @Field(() => [AuditEntry])
  entries!: AuditEntry[];
}

@Resolver(() => AuditEntry)
export class AuditResolver {
  @FieldResolver(() => [ID], { nullable: true, description: 'For reads of nominal-level data: which nominals were returned (their ids).' })
  async nominalIds(@Root() entry: AuditEntry, @Ctx() ctx: HubContext): Promise<string[] | null> {
    if (entry.action !== 'READ') return null;
    let loader = ctx.loaders.get('AuditEntry.nominalIds') as DataLoader<number, number[]> | undefined;
    if (!loader) ctx.loaders.set('AuditEntry.nominalIds', (loader = new DataLoader(async (ids) => { const byEntry = await nominalsReadBy(ctx.em, ids); return ids.map((id) => byEntry.get(id) ?? []); })));
    return (await loader.load(entry.id)).map(String);
  }

  @Query(() => AuditPage, { description: `Who changed finance data or read nominal-level data, and when (admin only). At most ${MAX_PAGE_SIZE} entries a page.` })
  async auditLog(
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number | null,
    @Ctx() { em }: HubContext,
  ): Promise<AuditPage> {
    return Object.assign(new AuditPage(), await readAuditLog(em, filter ?? {}, first, offset));
  }
}
