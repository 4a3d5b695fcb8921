/**
 * The line above a bound table: what it is, for which partnership and variables (in words, names
 * rather than codes), when its data is from (with the time zone), the measures its figures follow,
 * and "no rows for these variables" when the answer is empty.
 */
import type { HubClient } from './hub-client.js';
import type { ResultTable } from './result-table.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `22 Nov 2026 18:05 GMT`: the time and its zone where the refresh runs (or in `timeZone`). */
export function formatAsAt(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short', timeZone }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('day'))} ${MONTHS[Number(part('month')) - 1]} ${part('year')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/** `2012-09-30` → `30 Sep 2012`; `2013-09` → `Sep 2013`. */
export function dateInWords(text: string): string | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) return `${Number(date[3])} ${MONTHS[Number(date[2]) - 1]} ${date[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  return month ? `${MONTHS[Number(month[2]) - 1]} ${month[1]}` : undefined;
}

const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();

/**
 * Variables as a reader says them: a partnership's name for its code (and no label: the name
 * speaks), dates and months in words, enum values in lower case, each with its variable's name
 * in words: `Norfolk & Suffolk 180 Joint IOM, financial year 2014/15`.
 */
export function variablesInWords(variables: Record<string, unknown>, partnershipNames: ReadonlyMap<string, string>): string {
  const value = (v: unknown): { text: string; named: boolean } | undefined => {
    if (v === null || v === undefined || v === '') return undefined;
    if (typeof v === 'string') {
      const name = partnershipNames.get(v);
      if (name) return { text: name, named: true };
      if (/^[A-Z][A-Z0-9_]+$/.test(v)) return { text: words(v), named: false };
      return { text: dateInWords(v) ?? v, named: false };
    }
    if (typeof v === 'number' || typeof v === 'boolean') return { text: String(v), named: false };
    return undefined;
  };
  const describe = (entries: [string, unknown][]): string[] =>
    entries.flatMap(([name, v]) => {
      if (Array.isArray(v)) {
        const items = v.map(value).filter((x): x is { text: string; named: boolean } => Boolean(x));
        if (!items.length) return [];
        const text = items.map((i) => i.text).join(', ');
        return [items.every((i) => i.named) ? text : `${words(name)} ${text}`];
      }
      if (v && typeof v === 'object') return describe(Object.entries(v as Record<string, unknown>));
      const one = value(v);
      if (!one) return [];
      return [one.named ? one.text : `${words(name)} ${one.text}`];
    });
  return describe(Object.entries(variables)).join(', ');
}

export interface CaptionParts {
  title: string;
  variables: Record<string, unknown>;
  at: Date;
  table: ResultTable;
  partnershipNames: ReadonlyMap<string, string>;
  timeZone?: string;
  /** "showing N of M" when the row cap kept fewer list items than the hub has. */
  capped?: string;
}

/** A measure's name, version and definition: "Capacity v1: members on the scheme…" (a definition that names its version stands alone). */
export function measureInWords({ name, version, definition }: ResultTable['measures'][number]): string {
  const named = `${name} v${version}`;
  const text = definition.trim();
  if (!text) return `${named}.`;
  return text.toLowerCase().includes(named.toLowerCase()) ? text : `${named}: ${text}`;
}

export function captionFor({ title, variables, at, table, partnershipNames, timeZone, capped }: CaptionParts): string {
  const said = variablesInWords(variables, partnershipNames);
  const measures = table.measures.map(measureInWords).join(' ');
  // The measures' definitions come last: on paper a long one runs past the sheet's edge, and nothing else may be cut with it.
  return [title, said, capped, `data as at ${formatAsAt(at, timeZone)}`, table.rows.length ? '' : 'no rows for these variables', measures].filter(Boolean).join(' — ');
}

/** The "data as at" time of a caption, for a page header. */
export function asAtOf(caption: string): string {
  return /data as at (.+?)(?: — |$)/.exec(caption)?.[1] ?? '';
}

const names = new WeakMap<HubClient, Promise<Map<string, string>>>();

/** Partnership codes → names the client may see, asked once per client; none if the hub will not say. */
export function partnershipNames(client: HubClient): Promise<Map<string, string>> {
  let known = names.get(client);
  if (!known) {
    known = client
      .request<{ partnerships: { code: string; name: string }[] }>('query PartnershipNames { partnerships { code name } }')
      .then((data) => new Map(data.partnerships.map((p) => [p.code, p.name])))
      .catch(() => {
        names.delete(client);
        return new Map<string, string>();
      });
    names.set(client, known);
  }
  return known;
}
