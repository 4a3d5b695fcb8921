/**
 * `reports check`: every report in the library (built in, and every published version) and every
 * query a workbook's binding runs, checked against a schema; each failure lists the workbooks it
 * would break. Run against a changed schema file before deploying it.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';
import { documentHash } from './explain.js';
import { allPublishedVersions, builtInReports } from './library.service.js';
import { queriesInUse, type QueryInUse } from './lineage.js';
import { checkReport, describeProblem } from './validate-report.js';

export interface CheckFailure {
  /** `cost-share`, `board-pack v2`, or `a query of workbook wb-…` for a binding's own query. */
  what: string;
  problems: string[];
  /** The workbooks whose bindings run this text. */
  workbooks: QueryInUse['workbooks'];
}

export interface CheckOutcome {
  checked: number;
  failures: CheckFailure[];
}

/** Checks the built-in reports, and with `em` every published version and every query in use. */
export async function checkLibrary(schema: GraphQLSchema, em?: EntityManager): Promise<CheckOutcome> {
  const targets = builtInReports().map((r) => ({ what: r.name, query: r.query }));
  const inUse = em ? await queriesInUse(em) : [];
  if (em) targets.push(...(await allPublishedVersions(em)).map((r) => ({ what: `${r.name} v${r.version}`, query: r.query })));
  const covered = new Set(targets.map((t) => documentHash(t.query)));
  for (const query of inUse) if (!covered.has(query.hash)) targets.push({ what: `a query of workbook ${query.workbooks.map((w) => w.title ?? w.id).join(', ')}`, query: query.text });
  const failures: CheckFailure[] = [];
  for (const target of targets) {
    const problems = checkReport(schema, target.query).problems.map(describeProblem);
    if (!problems.length) continue;
    const hash = documentHash(target.query);
    failures.push({ what: target.what, problems, workbooks: inUse.filter((q) => q.hash === hash).flatMap((q) => q.workbooks) });
  }
  return { checked: targets.length, failures };
}

/** The failures in words, one block per failure. */
export function describeFailures(failures: readonly CheckFailure[]): string[] {
  return failures.flatMap((failure) => [
    `FAILS   ${failure.what}`,
    ...failure.problems.map((problem) => `        ${problem}`),
    failure.workbooks.length
      ? `        would break: ${failure.workbooks.map((w) => `${w.title ?? '(untitled)'} [${w.id}] (${w.bindings.length} ${w.bindings.length === 1 ? 'binding' : 'bindings'})`).join('; ')}`
      : '        no workbook runs it',
  ]);
}
