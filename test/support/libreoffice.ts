/**
 * LibreOffice as an independent reader of workbook files: `--headless --convert-to`, with a fresh
 * profile per call and a time limit. Absent LibreOffice skips the tests that need it on a
 * developer's machine, but fails them in CI (CI set), where .ci/run installs it.
 */
import { execFile } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const LIBREOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((path) => existsSync(path));

/** Whether tests that need LibreOffice run; in CI its absence is a failure, not a skip. */
export function libreOfficeAvailable(): boolean {
  if (!LIBREOFFICE && process.env.CI) throw new Error('LibreOffice is not installed, and CI is set: .ci/run installs libreoffice-calc-nogui.');
  return Boolean(LIBREOFFICE);
}

/** Converts `file` to `format` (`pdf`, or `csv:…` with filter options); resolves with the output path. */
export async function convert(file: string, format: string, timeoutMs = 120_000): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'iom-hub-lo-profile-'));
  const out = mkdtempSync(join(tmpdir(), 'iom-hub-lo-out-'));
  try {
    await run(LIBREOFFICE!, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', format, '--outdir', out, file], { timeout: timeoutMs, killSignal: 'SIGKILL' });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const produced = readdirSync(out).find((name) => name.startsWith(basename(file).replace(/\.[^.]+$/, '')));
  if (!produced) throw new Error(`LibreOffice wrote nothing for ${file} (${format}).`);
  return join(out, produced);
}

/** The first sheet as CSV rows, read by LibreOffice: raw values, or values as formatted when `asShown`. */
export async function sheetAsCsv(file: string, asShown = false): Promise<string[][]> {
  const path = await convert(file, `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,${asShown}`);
  const text = readFileSync(path, 'utf8');
  rmSync(join(path, '..'), { recursive: true, force: true });
  return parse(text, { relax_column_count: true }) as string[][];
}
