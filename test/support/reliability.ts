import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../server/database/database.js';
import { loadDemoData } from '../../server/demo/load-demo.js';
import { integrityProblems, withSqliteFile } from '../../server/database/sqlite-file.js';
import { CostShareAgreement } from '../../server/finance/cost-share/cost-share-agreement.entity.js';
import { loadCostShare } from '../../server/finance/cost-share/cost-share.service.js';
import { asSystem } from '../../server/access/caller.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WRITER = join(ROOT, 'test/support/writer.ts');

/** Where the writers write: a demo partnership and year with no establishment or cost share of its own. */
export const SHARED = { partnership: 'barnet', financialYear: '2016/17', agencies: ['met-police', 'london-crc', 'nps-london'] } as const;
/** Lines per batch write standing in for an import. */
export const BATCH_SIZE = 25;

/** Multiplies the iteration counts of the reliability tests (IOM_HUB_RELIABILITY_SCALE=10 runs ten times as many). */
export function scaled(count: number): number {
  const scale = Number(process.env.IOM_HUB_RELIABILITY_SCALE ?? 1);
  return Math.max(1, Math.round(count * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

let demoTemplate: string | undefined;

/** A fresh, migrated SQLite file with the demo data, in its own temporary folder (the first is built once per test file, then copied). */
export async function demoDatabaseFile(name = 'hub.sqlite'): Promise<string> {
  if (!demoTemplate) {
    demoTemplate = join(mkdtempSync(join(tmpdir(), 'iom-hub-template-')), 'template.sqlite');
    const orm = await openDatabase({ databaseUrl: `sqlite:${demoTemplate}` });
    await loadDemoData(asSystem(orm.em, 'test'));
    await orm.close();
  }
  const file = join(mkdtempSync(join(tmpdir(), 'iom-hub-reliability-')), name);
  copyFileSync(demoTemplate, file);
  return file;
}

/**
 * Everything that must hold of a hub database after any crash, restore or burst of writes:
 * integrity_check and foreign_key_check clean; every cost-share entry belongs to an agreement;
 * every versioned record (any table with a `version` column, so records added later are covered
 * too) is at version 1 or more; and each cost share's contributions add up to its total exactly.
 * Cohort records add their own rules here (every membership has a start; no review outside a
 * membership) as SQL counts of the rows that break them.
 */
export async function databaseProblems(file: string): Promise<string[]> {
  const problems = await withSqliteFile(file, { readonly: true }, async (db) => {
    const found = await integrityProblems(db);
    const [orphans] = await db.all<{ n: number }>(
      'SELECT count(*) AS n FROM cost_share_entry e LEFT JOIN cost_share_agreement a ON a.id = e.agreement_id WHERE a.id IS NULL',
    );
    if (orphans.n) found.push(`${orphans.n} cost-share entries belong to no agreement`);
    const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    for (const { name } of tables) {
      const columns = await db.all<{ name: string }>(`PRAGMA table_info("${name}")`);
      if (!columns.some((c) => c.name === 'version')) continue;
      const [bad] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM "${name}" WHERE version IS NULL OR version < 1`);
      if (bad.n) found.push(`${bad.n} rows of ${name} have a version below 1`);
    }
    return found;
  });
  const orm = await openDatabase({ databaseUrl: `sqlite:${file}`, migrate: false });
  try {
    // The hub's code reads only a schema it has migrated: a file made at an older migration is checked by SQL alone until the hub starts on it.
    if ((await orm.getMigrator().getPendingMigrations()).length > 0) return problems;
    const em = asSystem(orm.em, 'test');
    const agreements = await em.find(CostShareAgreement, {}, { populate: ['partnership', 'year'] });
    for (const agreement of agreements) {
      const view = await loadCostShare(em.fork(), agreement.partnership.code, agreement.year.label);
      const sum = view?.shares.reduce((total, share) => total + share.contributionPence, 0) ?? 0;
      if (view && view.shares.length && sum !== view.totalPence)
        problems.push(`${agreement.partnership.code} ${agreement.year.label}: contributions sum to ${sum}p, not the total ${view.totalPence}p`);
    }
  } finally {
    await orm.close();
  }
  return problems;
}

export interface Writer {
  child: ChildProcess;
  /** Lines the child wrote to stdout so far: each one an acknowledged write, or `ready` / `done`. */
  lines: string[];
  /** Resolves when the child prints `line` (e.g. `ready`). */
  waitFor(line: string): Promise<void>;
  /** Resolves with the exit code (or signal) when the child ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts test/support/writer.ts in a child process with `args`. */
export function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting = new Map<string, () => void>();
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    waiting.get(line)?.();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return {
    child,
    lines,
    waitFor: (line) =>
      lines.includes(line)
        ? Promise.resolve()
        : new Promise((resolveWait, reject) => {
            waiting.set(line, resolveWait);
            void exited.then(({ code }) => reject(new Error(`the writer exited (${code}) before "${line}": ${errors}`)));
          }),
    exited,
    stderr: () => errors,
  };
}
