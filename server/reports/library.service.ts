/**
 * The report library: the built-in reports (schema/reports/*.graphql, always first) and the
 * reports analysts publish, versioned, owned and shared with partnerships. GraphiQL's tabs, the
 * add-in's library, =IOM.QUERY and `npx iom-hub export` all read it through the `reports` and
 * `report` queries, so they all see the same library, as far as the caller's token may.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';
import { callerOf, type Caller } from '../access/caller.js';
import { callerLabel } from '../access/caller-label.js';
import { Role } from '../access/role.js';
import { badInput, DomainError } from '../errors/domain-error.js';
import { requireText } from '../errors/validate.js';
import { writeTransaction } from '../db/write.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { requirePartnership } from '../partnership/lookup.js';
import { loadReportLibrary } from './report-library.js';
import { ReportVersion } from './report-version.entity.js';
import { checkReport, describeProblem, parseVariablesJson } from './validate-report.js';
import { documentHash } from './explain.js';
import { exampleFor } from './examples.js';

/** A report in the library, built in or published: one version of it. */
export interface LibraryReport {
  name: string;
  version: number;
  title: string;
  description: string;
  query: string;
  /** The examples as given (JSON texts); the first is the report's example variables. */
  examples: string[];
  builtIn: boolean;
  ownerLabel: string | null;
  ownerTokenId: number | null;
  /** Ids of the partnerships a published version is shared with. */
  sharedWith: number[];
  publishedAt: Date | null;
}

/** A name a report may be published under: `q3-board-pack`. */
const REPORT_NAME = /^[a-z][a-z0-9-]{1,62}$/;

function builtIns(): LibraryReport[] {
  return loadReportLibrary().map((r) => ({
    name: r.name, version: 1, title: r.title, description: r.description, query: r.query, examples: r.examples ?? [r.variables],
    builtIn: true, ownerLabel: null, ownerTokenId: null, sharedWith: [], publishedAt: null,
  }));
}

const published = (row: ReportVersion): LibraryReport => ({
  name: row.name, version: row.version, title: row.title, description: row.description, query: row.query, examples: [row.exampleVariables],
  builtIn: false, ownerLabel: row.ownerLabel, ownerTokenId: row.ownerTokenId, sharedWith: row.sharedWith, publishedAt: row.publishedAt,
});

/** A published version is for its owner, admins (and the hub itself), and the tokens of the partnerships it is shared with. */
export function mayUse(caller: Caller, report: Pick<LibraryReport, 'builtIn' | 'ownerTokenId' | 'sharedWith'>): boolean {
  if (report.builtIn || caller.partnershipIds === 'ALL') return true;
  if (caller.tokenId !== null && report.ownerTokenId === caller.tokenId) return true;
  const visible = caller.partnershipIds;
  return report.sharedWith.some((id) => visible.includes(id));
}

async function publishedVersions(em: EntityManager, where: { name?: string } = {}): Promise<LibraryReport[]> {
  const caller = callerOf(em);
  const rows = await em.find(ReportVersion, where, { orderBy: { name: 'asc', version: 'desc' } });
  return rows.map(published).filter((report) => mayUse(caller, report));
}

/** The library as the caller sees it: the built-in reports first, then each published report's latest version the caller may use, by name. */
export async function listReports(em: EntityManager): Promise<LibraryReport[]> {
  const latest = new Map<string, LibraryReport>();
  for (const report of await publishedVersions(em)) if (!latest.has(report.name)) latest.set(report.name, report);
  return [...builtIns(), ...latest.values()];
}

/** Every version of a report the caller may use, newest first (a built-in report has one). */
export async function reportVersions(em: EntityManager, name: string): Promise<LibraryReport[]> {
  const builtIn = builtIns().find((r) => r.name === name);
  return builtIn ? [builtIn] : publishedVersions(em, { name });
}

/** One report: its latest version, or the version asked for; null when there is none the caller may use. */
export async function findReport(em: EntityManager, name: string, version?: number | null): Promise<LibraryReport | null> {
  const versions = await reportVersions(em, name);
  return (version == null ? versions[0] : versions.find((r) => r.version === version)) ?? null;
}

/** The report, or NOT_FOUND naming it (and the version). */
export async function requireReport(em: EntityManager, name: string, version?: number | null): Promise<LibraryReport> {
  const report = await findReport(em, name, version);
  if (!report) throw new DomainError('NOT_FOUND', version == null ? `There is no report "${name}" in the library.` : `There is no version ${version} of the report "${name}".`);
  return report;
}

/** The example variables (JSON text) for the caller: an example on a partnership they can see. */
export async function examplesForCaller(em: EntityManager, report: LibraryReport): Promise<string> {
  const caller = callerOf(em);
  if (caller.partnershipIds === 'ALL') return report.examples[0] ?? '{}';
  return exampleFor(report.examples, await visiblePartnershipCodes(em));
}

/** Codes of the partnerships the caller sees, sorted. */
export async function visiblePartnershipCodes(em: EntityManager): Promise<string[]> {
  return (await em.find(Partnership, {}, { orderBy: { code: 'asc' }, fields: ['code'] })).map((p) => p.code);
}

export interface PublishReportInput {
  name: string;
  title: string;
  description: string;
  query: string;
  exampleVariables?: string | null;
  sharedWith?: string[] | null;
}

/** The schema's verdict on a report's query, as a refusal naming `field` with every problem (and its line and column) listed. */
export function refuseProblems(field: string, problems: { message: string; line?: number; column?: number }[]): DomainError {
  const [first, ...rest] = problems.map(describeProblem);
  const more = rest.length ? ` (and ${rest.length} more: ${rest.join('; ')})` : '';
  return new DomainError('BAD_USER_INPUT', `${field}: ${first}${more}`, { field, problems });
}

/**
 * Publishes a report, or the next version of one: the query must validate against the hub's
 * schema and fit its limits, the example variables must fit the query. The first publisher owns
 * the name: only they (or an admin) publish its later versions. Every version stays in the library.
 */
export async function publishReport(em: EntityManager, schema: GraphQLSchema, input: PublishReportInput): Promise<LibraryReport> {
  const name = requireText('input.name', input.name, 63);
  if (!REPORT_NAME.test(name)) throw badInput('input.name', `"${name}" is not a report name: lower-case letters, digits and hyphens, starting with a letter (e.g. q3-board-pack).`);
  if (builtIns().some((r) => r.name === name)) throw badInput('input.name', `"${name}" is a built-in report; publish yours under another name.`);
  const title = requireText('input.title', input.title, 200);
  const description = requireText('input.description', input.description, 2000);
  const query = requireText('input.query', input.query, 100_000);
  const variables = parseVariablesJson(input.exampleVariables);
  if (typeof variables === 'string') throw badInput('input.exampleVariables', variables);
  const checked = checkReport(schema, query, { variables });
  if (checked.problems.length) throw refuseProblems(checked.problems.some((p) => p.message.startsWith('Variable "$')) && checked.problems.every((p) => p.message.startsWith('Variable "$')) ? 'input.exampleVariables' : 'input.query', checked.problems);
  const sharedWith: number[] = [];
  for (const [i, code] of (input.sharedWith ?? []).entries()) sharedWith.push((await requirePartnership(em, `input.sharedWith[${i}]`, code)).id);

  return writeTransaction(em, async (tx) => {
    const caller = callerOf(tx);
    const latest = await tx.findOne(ReportVersion, { name }, { orderBy: { version: 'desc' } });
    if (latest && caller.role !== Role.ADMIN && latest.ownerTokenId !== caller.tokenId) {
      throw new DomainError('FORBIDDEN', mayUse(caller, published(latest))
        ? `The report "${name}" belongs to ${latest.ownerLabel}: only they or an administrator publish its next version. Publish yours under another name.`
        : `The report name "${name}" is taken; publish yours under another name.`);
    }
    const row = tx.create(ReportVersion, {
      name, version: (latest?.version ?? 0) + 1, title, description, query, exampleVariables: JSON.stringify(variables), documentHash: documentHash(query),
      ownerTokenId: latest ? latest.ownerTokenId : caller.tokenId, ownerLabel: latest ? latest.ownerLabel : await callerLabel(tx), sharedWith: [...new Set(sharedWith)],
    });
    await tx.flush();
    return published(row);
  });
}

/** The library's name and version for a query text, when the text is one of its versions' (the newest such). */
export async function versionOfText(em: EntityManager, hash: string, name?: string | null): Promise<{ name: string; version: number } | null> {
  const builtIn = builtIns().find((r) => documentHash(r.query) === hash && (!name || r.name === name));
  if (builtIn) return { name: builtIn.name, version: 1 };
  const row = await em.findOne(ReportVersion, name ? { documentHash: hash, name } : { documentHash: hash }, { orderBy: { version: 'desc' } });
  return row ? { name: row.name, version: row.version } : null;
}

/** Every published version (all callers' alike): for `reports check`. */
export async function allPublishedVersions(em: EntityManager): Promise<LibraryReport[]> {
  return (await em.find(ReportVersion, {}, { orderBy: { name: 'asc', version: 'asc' } })).map(published);
}

/** Every built-in report. */
export const builtInReports = builtIns;

/** Partnership codes for ids, as the caller may see them. */
export async function partnershipCodes(em: EntityManager, ids: readonly number[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await em.find(Partnership, { id: { $in: [...ids] } }, { orderBy: { code: 'asc' } })).map((p) => p.code);
}
