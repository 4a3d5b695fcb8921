/**
 * Lineage: every request made for a workbook's binding names the workbook and the binding (the
 * `X-IOM-Workbook`, `X-IOM-Binding` and `X-IOM-Workbook-Title` headers, sent by the add-in and
 * the command line); the hub records which workbook runs which query, so `report(name) { usedBy }`
 * lists the workbooks that use a report and `reports check` the ones a schema change would break.
 */
import type { EntityManager } from '@mikro-orm/core';
import { callerLabel } from '../access/caller-label.js';
import { writeTransaction } from '../db/write.js';
import { documentHash } from './explain.js';
import { builtInReports, versionOfText } from './library.service.js';
import { ReportVersion } from './report-version.entity.js';
import { QueryDocument, WorkbookBindingRecord, WorkbookRecord } from './lineage.entity.js';
import { LINEAGE_HEADERS, lineageHeaders, type RequestLineage } from '../../wire/lineage.js';

export { LINEAGE_HEADERS, lineageHeaders, type RequestLineage };

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The lineage a request's headers name, or null (none, or not well formed: an id is 1–64 letters, digits, `.`, `_`, `:` or `-`). */
export function lineageOf(header: (name: string) => string | undefined | null): RequestLineage | null {
  const workbook = header(LINEAGE_HEADERS.workbook)?.trim();
  const binding = header(LINEAGE_HEADERS.binding)?.trim();
  if (!workbook || !binding || !ID.test(workbook) || !ID.test(binding)) return null;
  const report = header(LINEAGE_HEADERS.report)?.trim();
  return { workbook, binding, title: decodedTitle(header(LINEAGE_HEADERS.title)), ...(report && ID.test(report) ? { report } : {}) };
}

function decodedTitle(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    return decodeURIComponent(text).slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

async function reportExists(em: EntityManager, name: string): Promise<boolean> {
  return builtInReports().some((report) => report.name === name) || (await em.count(ReportVersion, { name })) > 0;
}

/** Records that the workbook's binding has just run `query` (as the caller of `em`). */
export async function recordLineage(em: EntityManager, lineage: RequestLineage, query: string, at = new Date()): Promise<void> {
  const hash = documentHash(query);
  // The query's own text names its report and version; a query the add-in reshaped (paged, a source column added) is its binding's report.
  const version = (await versionOfText(em, hash)) ?? (lineage.report && (await reportExists(em, lineage.report)) ? { name: lineage.report, version: null } : null);
  const by = await callerLabel(em);
  await writeTransaction(em, async (tx) => {
    const document = (await tx.findOne(QueryDocument, { hash })) ?? tx.create(QueryDocument, { hash, text: query });
    const workbook = (await tx.findOne(WorkbookRecord, { id: lineage.workbook })) ?? tx.create(WorkbookRecord, { id: lineage.workbook, lastRefreshedAt: at, lastRefreshedBy: by });
    Object.assign(workbook, { lastRefreshedAt: at, lastRefreshedBy: by }, lineage.title ? { title: lineage.title } : {});
    const binding = (await tx.findOne(WorkbookBindingRecord, { workbook: workbook.id, binding: lineage.binding }))
      ?? tx.create(WorkbookBindingRecord, { workbook, binding: lineage.binding, document, lastRefreshedAt: at, lastRefreshedBy: by });
    Object.assign(binding, { document, reportName: version?.name ?? null, reportVersion: version?.version ?? null, lastRefreshedAt: at, lastRefreshedBy: by });
    await tx.flush();
  });
}

export interface WorkbookUse {
  workbook: string;
  title: string | null;
  lastRefreshedAt: Date;
  lastRefreshedBy: string;
  /** How many of the workbook's bindings run the report. */
  bindings: number;
  /** The versions of the report they run. */
  versions: number[];
}

/** The workbooks whose bindings run a report (any version), the latest refreshed first. */
export async function usedBy(em: EntityManager, report: string): Promise<WorkbookUse[]> {
  const rows = await em.find(WorkbookBindingRecord, { reportName: report }, { populate: ['workbook'] });
  const uses = new Map<string, WorkbookUse>();
  for (const row of rows) {
    const use = uses.get(row.workbook.id) ?? { workbook: row.workbook.id, title: row.workbook.title ?? null, lastRefreshedAt: row.workbook.lastRefreshedAt, lastRefreshedBy: row.workbook.lastRefreshedBy, bindings: 0, versions: [] };
    use.bindings += 1;
    if (row.reportVersion != null && !use.versions.includes(row.reportVersion)) use.versions.push(row.reportVersion);
    uses.set(use.workbook, use);
  }
  return [...uses.values()].map((use) => ({ ...use, versions: use.versions.sort((a, b) => a - b) })).sort((a, b) => b.lastRefreshedAt.getTime() - a.lastRefreshedAt.getTime());
}

export interface QueryInUse {
  hash: string;
  text: string;
  /** The report version the text is, when it is one. */
  report: string | null;
  version: number | null;
  workbooks: { id: string; title: string | null; bindings: string[] }[];
}

/** Every distinct query text some workbook's binding last ran, with the workbooks that run it. */
export async function queriesInUse(em: EntityManager): Promise<QueryInUse[]> {
  const rows = await em.find(WorkbookBindingRecord, {}, { populate: ['workbook', 'document'], orderBy: { id: 'asc' } });
  const byHash = new Map<string, QueryInUse>();
  for (const row of rows) {
    const entry = byHash.get(row.document.hash) ?? { hash: row.document.hash, text: row.document.text, report: row.reportName ?? null, version: row.reportVersion ?? null, workbooks: [] };
    const workbook = entry.workbooks.find((w) => w.id === row.workbook.id) ?? (entry.workbooks.push({ id: row.workbook.id, title: row.workbook.title ?? null, bindings: [] }), entry.workbooks[entry.workbooks.length - 1]);
    workbook.bindings.push(row.binding);
    byHash.set(row.document.hash, entry);
  }
  return [...byHash.values()];
}
