/**
 * Board-pack snapshots: "freeze" a workbook's bindings and the hub runs each one's query as the
 * caller and keeps the exact answer it served (JSON text), with the query, variables, their hash,
 * the measures and the time. The frozen copy is given back byte for byte whatever has changed
 * since; "compare with live" runs the queries again and lists every value that differs.
 */
import type { EntityManager } from '@mikro-orm/core';
import { execute, type GraphQLSchema } from 'graphql';
import { callerOf, type Caller } from '../access/caller.js';
import { callerLabel } from '../access/caller-label.js';
import { writeTransaction } from '../db/write.js';
import { badInput, DomainError } from '../errors/domain-error.js';
import { requireText } from '../errors/validate.js';
import { explainAnswer } from './explain.js';
import { recordLineage } from './lineage.js';
import { SnapshotBinding, WorkbookSnapshot } from './snapshot.entity.js';
import { checkReport, describeProblem, parseVariablesJson } from './validate-report.js';

export interface FreezeBindingInput {
  binding: string;
  title?: string | null;
  query: string;
  /** JSON text. */
  variables?: string | null;
}

export interface FreezeInput {
  workbook: string;
  title?: string | null;
  bindings: FreezeBindingInput[];
}

/** Runs one query as the caller through the hub's schema (its access rules included): the answer, or an error naming the binding. */
async function answer(schema: GraphQLSchema, em: EntityManager, newContext: (em: EntityManager) => unknown, field: string, query: string, variables: Record<string, unknown>) {
  const checked = checkReport(schema, query, { variables });
  if (checked.problems.length) throw badInput(field, checked.problems.map(describeProblem).join('; '));
  const result = await execute({ schema, document: checked.document!, variableValues: variables, contextValue: newContext(em) });
  if (result.errors?.length) throw new DomainError('BAD_USER_INPUT', `${field}: the hub could not answer it: ${result.errors.map((e) => e.message).join('; ')}`, { field });
  return { data: result.data ?? null, document: checked.document! };
}

/** Freezes a workbook's bindings: every query answered as the caller, kept exactly as served. All or nothing. */
export async function freezeWorkbook(em: EntityManager, schema: GraphQLSchema, newContext: (em: EntityManager) => unknown, input: FreezeInput): Promise<WorkbookSnapshot> {
  const workbook = requireText('input.workbook', input.workbook, 64);
  if (!input.bindings.length) throw badInput('input.bindings', 'name at least one binding to freeze.');
  const at = new Date();
  const frozen: Omit<SnapshotBinding, 'id' | 'snapshot'>[] = [];
  for (const [i, binding] of input.bindings.entries()) {
    const field = `input.bindings[${i}]`;
    const variables = parseVariablesJson(binding.variables);
    if (typeof variables === 'string') throw badInput(`${field}.variables`, variables);
    const { data, document } = await answer(schema, em, newContext, field, binding.query, variables);
    const explained = explainAnswer(schema, document, binding.query, variables, at);
    frozen.push({ binding: requireText(`${field}.binding`, binding.binding, 64), title: binding.title ?? null, query: binding.query, variables: JSON.stringify(variables), queryHash: explained.queryHash, data: JSON.stringify(data), measures: JSON.stringify(explained.measures) });
  }
  const by = await callerLabel(em);
  const snapshot = await writeTransaction(em, async (tx) => {
    const row = tx.create(WorkbookSnapshot, { workbook, title: input.title ?? null, takenAt: at, takenBy: by, tokenId: callerOf(tx).tokenId });
    for (const binding of frozen) tx.create(SnapshotBinding, { ...binding, snapshot: row });
    await tx.flush();
    return row;
  });
  for (const binding of frozen) await recordLineage(em, { workbook, binding: binding.binding, title: input.title }, binding.query, at);
  return (await findSnapshot(em, snapshot.id))!;
}

/** A snapshot is for the token that took it, and admins (it holds what that token was shown). */
function maySee(caller: Caller, snapshot: WorkbookSnapshot): boolean {
  return caller.partnershipIds === 'ALL' || (caller.tokenId !== null && snapshot.tokenId === caller.tokenId);
}

/** The snapshot, if the caller may see it. */
export async function findSnapshot(em: EntityManager, id: number): Promise<WorkbookSnapshot | null> {
  const snapshot = await em.findOne(WorkbookSnapshot, { id }, { populate: ['bindings'] });
  return snapshot && maySee(callerOf(em), snapshot) ? snapshot : null;
}

/** One value that differs between the frozen answer and the live one: its path in the answer (`costShare.shares.2.contribution`). */
export interface SnapshotChange {
  binding: string;
  path: string;
  frozen: string | null;
  live: string | null;
}

/** Every leaf of an answer by its path; a list's items by index. Leaves are JSON texts (`"a"`, `12.5`, `null`). */
function leaves(value: unknown, path: string, into: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
    if (!entries.length) into.set(path, Array.isArray(value) ? '[]' : '{}');
    for (const [key, inner] of entries) leaves(inner, path ? `${path}.${key}` : key, into);
  } else into.set(path, JSON.stringify(value));
  return into;
}

/** The values that changed since the snapshot: each binding's query run again now, as the caller, compared value by value. */
export async function compareWithLive(em: EntityManager, schema: GraphQLSchema, newContext: (em: EntityManager) => unknown, snapshot: WorkbookSnapshot): Promise<SnapshotChange[]> {
  const changes: SnapshotChange[] = [];
  for (const binding of snapshot.bindings) {
    const { data } = await answer(schema, em, newContext, `binding ${binding.binding}`, binding.query, JSON.parse(binding.variables));
    const frozen = leaves(JSON.parse(binding.data), '', new Map());
    const live = leaves(data, '', new Map());
    for (const path of new Set([...frozen.keys(), ...live.keys()])) {
      if (frozen.get(path) !== live.get(path)) changes.push({ binding: binding.binding, path, frozen: frozen.get(path) ?? null, live: live.get(path) ?? null });
    }
  }
  return changes;
}
