/**
 * Named sets of a report's variables ("Q3 board pack, Norfolk"): personal to the token that saved
 * them, or shared with one of its partnerships. The pane, =IOM.QUERY and `export --parameters` pick
 * one by name through `report(name) { parameterSets }`.
 */
import type { EntityManager } from '@mikro-orm/core';
import { callerOf, type Caller } from '../access/caller.js';
import { callerLabel } from '../access/caller-label.js';
import { badInput } from '../errors/domain-error.js';
import { requireText } from '../errors/validate.js';
import { writeTransaction } from '../db/write.js';
import { requirePartnership } from '../partnership/lookup.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { requireReport, refuseProblems } from './library.service.js';
import { ParameterSet } from './parameter-set.entity.js';
import { checkReport, parseVariablesJson } from './validate-report.js';
import type { GraphQLSchema } from 'graphql';

/** A set is for its owner, admins (and the hub itself), and the tokens of the partnership it is shared with. */
function maySee(caller: Caller, set: ParameterSet): boolean {
  if (caller.partnershipIds === 'ALL') return true;
  if (caller.tokenId !== null && set.ownerTokenId === caller.tokenId) return true;
  return !!set.sharedWith && caller.partnershipIds.includes(set.sharedWith.id);
}

/** The report's parameter sets the caller may use, by name. */
export async function parameterSetsOf(em: EntityManager, report: string): Promise<ParameterSet[]> {
  const caller = callerOf(em);
  const sets = await em.find(ParameterSet, { report }, { populate: ['sharedWith'], orderBy: { name: 'asc', id: 'asc' } });
  return sets.filter((set) => maySee(caller, set));
}

export interface SaveParameterSetInput {
  report: string;
  name: string;
  variables: string;
  /** The partnership whose tokens may use it; none: personal. */
  partnership?: string | null;
}

/**
 * Saves a parameter set, or replaces the variables of the caller's own set of that name (shared the
 * same way). The variables must fit the report's query (any subset: the rest come from the sheet).
 */
export async function saveParameterSet(em: EntityManager, schema: GraphQLSchema, input: SaveParameterSetInput): Promise<ParameterSet> {
  const report = await requireReport(em, input.report);
  const name = requireText('input.name', input.name, 200);
  const variables = parseVariablesJson(input.variables);
  if (typeof variables === 'string') throw badInput('input.variables', variables);
  const problems = checkReport(schema, report.query, { variables, partial: true }).problems;
  if (problems.length) throw refuseProblems('input.variables', problems);
  const partnership = input.partnership ? await requirePartnership(em, 'input.partnership', input.partnership) : null;
  return writeTransaction(em, async (tx) => {
    const caller = callerOf(tx);
    const existing = await tx.findOne(ParameterSet, { report: report.name, name, ownerTokenId: caller.tokenId, sharedWith: partnership ? partnership.id : null });
    const set = existing ?? tx.create(ParameterSet, { report: report.name, name, variables: '{}', ownerTokenId: caller.tokenId, ownerLabel: await callerLabel(tx), sharedWith: partnership ? tx.getReference(Partnership, partnership.id) : null } as ParameterSet);
    set.variables = JSON.stringify(variables);
    await tx.flush();
    await tx.populate(set, ['sharedWith']);
    return set;
  });
}
