import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The saved report queries in `schema/reports/`: what the add-in's library and GraphiQL's tabs offer. */
export const REPORTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/reports');

export interface SavedReportDefinition {
  name: string;
  title: string;
  description: string;
  query: string;
  /** Example variables, as JSON text. */
  variables: string;
  /** Every example (the first is `variables`): a report file may give one per partnership, so each token finds one it can run. */
  examples?: string[];
}

const HEADER = /^#\s*(title|description|variables):\s*(.*)$/;

/** Reads one report file: `# title:`, `# description:` and `# variables:` header lines (variables repeatable: one example each), then the query. */
export function parseReport(name: string, text: string): SavedReportDefinition {
  const header: Record<string, string> = {};
  const examples: string[] = [];
  const body: string[] = [];
  for (const line of text.split('\n')) {
    const match = HEADER.exec(line);
    if (match && body.length === 0 && match[1] === 'variables') examples.push(match[2].trim());
    else if (match && body.length === 0) header[match[1]] = match[2].trim();
    else body.push(line);
  }
  if (!header.title || !header.description) throw new Error(`schema/reports/${name}.graphql needs "# title:" and "# description:" lines`);
  if (!examples.length) examples.push('{}');
  for (const example of examples) JSON.parse(example);
  return { name, title: header.title, description: header.description, query: body.join('\n').trim(), variables: examples[0], examples };
}

let cache: SavedReportDefinition[] | undefined;

export function loadReportLibrary(dir = REPORTS_DIR): SavedReportDefinition[] {
  if (dir !== REPORTS_DIR || !cache) {
    const reports = readdirSync(dir)
      .filter((file) => file.endsWith('.graphql'))
      .sort()
      .map((file) => parseReport(basename(file, '.graphql'), readFileSync(join(dir, file), 'utf8')));
    if (dir !== REPORTS_DIR) return reports;
    cache = reports;
  }
  return cache;
}
