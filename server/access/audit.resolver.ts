import { Arg, Ctx, Field, GraphQLISODateTime, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { AuditEntry } from './audit-entry.entity.js';
import { readAuditLog, type AuditQuery } from './audit.service.js';
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
}

@ObjectType({ description: 'One page of the audit log, newest first.' })
export class AuditPage {
  @Field(() => Count, { description: 'How many entries match, on all pages.' })
  total!: number;

  @Field(() => [AuditEntry])
  entries!: AuditEntry[];
}

@Resolver()
export class AuditResolver {
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
