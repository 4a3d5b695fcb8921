import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';
import type { Caller } from '../server/access/caller.js';
import { Bounds, ExactSystem, propagate, type Expr, type Narrowing, type Range } from './support/disclosure-solver.js';

/*
 * A disclosure attacker with a board token. It knows what any reader knows: the public schema, the
 * measures' definitions in the README, the public unit costs of crime. It asks every measure a
 * board token may ask, over several dates, periods and windows, each with every grouping; reads each
 * published figure as a linear fact about hidden counts (a total is the sum of its groups, a longer
 * period the sum of shorter ones, a cost the sum of unit costs, an average a total over a count);
 * and solves for what those facts pin down. Then, and only then, it counts the same cells from the
 * database itself, and fails if any count from 1 to 4 was pinned down exactly.
 *
 * It assumes nothing about how the hub protects small counts: a null is unknown (it may hide any
 * number, as complementary suppression does), and a field whose every figure is a multiple of 5
 * is read as rounded (±2), as the ONS rounds.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Demo partnerships with cohort records, and so small groups. */
const PARTNERSHIPS = ['thurrock', 'barnet', 'norfolk-suffolk'];
/** Before any membership: the start of every cumulative count. */
const ORIGIN = '1900-01-01';
const PERSON_DIMS = ['GENDER', 'AGE_BAND', 'ETHNICITY', 'STATUTORY_STATUS', 'AREA', 'LOCAL_AUTHORITY', 'PARTNERSHIP'];
const STATUSES = ['red', 'amber', 'green', 'inPrison', 'unreviewed'] as const;
const REVIEW_STATUS: Record<string, string> = { RED: 'red', AMBER: 'amber', GREEN: 'green', IN_PRISON: 'inPrison' };
/** Groups no answer ever named (for a partition to hold whatever the hub leaves out). */
const UNSEEN = '(groups never listed)';

// ---------------------------------------------------------------------------------------------
// Dates (YYYY-MM-DD strings compare as dates)

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => iso(day(date) + days * 86_400_000);
const monthEnd = (year: number, month: number) => iso(Date.UTC(year, month, 0)); // month 1–12
const isMonthEnd = (date: string) => addDays(date, 1).endsWith('-01');
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  const last = monthEnd(year, month);
  return isMonthEnd(date) ? last : `${last.slice(0, 8)}${String(Math.min(d, Number(last.slice(8)))).padStart(2, '0')}`;
}
const quarterEnds = (from: number, to: number) =>
  Array.from({ length: (to - from + 1) * 4 }, (_, i) => monthEnd(from + Math.floor(i / 4), ((i % 4) + 1) * 3));

// ---------------------------------------------------------------------------------------------
// What the attacker reads: every figure, where it came from.

type Measure = 'snapshot' | 'rates' | 'priority' | 'costOfCrime' | 'capacity' | 'valueForMoney' | 'cohort';

interface Observation {
  measure: Measure;
  p: string;
  /** The figure's parameters: dates, window, group, grade… */
  at: Record<string, string>;
  field: string;
  value: number | null;
}

/** Enum values in query arguments. */
class Enum {
  constructor(readonly name: string) {}
}
function literal(value: unknown): string {
  if (value instanceof Enum) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

interface Call {
  field: string;
  args: Record<string, unknown>;
  read(data: any): void;
}

/** Asks with a token, many calls per request (aliases), and keeps count of what was answered and refused. */
class Asker {
  requests = 0;
  answered = 0;
  refused = new Map<string, number>();
  /** Fields refused inside an answer: asked no more, so the rest of the answer comes back. */
  withheld = new Set<string>();
  private selections = new Map<string, string>();

  constructor(
    private hub: TestHub,
    private schema: GraphQLSchema,
  ) {}

  /** Every field of a type that needs no argument, nested types included: new fields come along. */
  selection(typeName: string, depth = 0): string {
    const key = `${typeName}/${depth}`;
    const cached = this.selections.get(key);
    if (cached) return cached;
    const type = this.schema.getType(typeName);
    if (!isObjectType(type)) return '';
    const parts: string[] = [];
    for (const field of Object.values(type.getFields())) {
      if (this.withheld.has(field.name) || field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named)) parts.push(field.name);
      else if (depth < 2) {
        const inner = this.selection(named.name, depth + 1);
        if (inner) parts.push(`${field.name} { ${inner} }`);
      }
    }
    const text = parts.join(' ');
    this.selections.set(key, text);
    return text;
  }

  private document(calls: Call[]): string {
    const query = this.schema.getQueryType();
    const parts = calls.map((call, i) => {
      const field = query?.getFields()[call.field];
      if (!field) throw new Error(`the schema has no query ${call.field}`);
      const args = Object.entries(call.args).filter(([name, v]) => v !== undefined && field.args.some((a) => a.name === name));
      const argText = args.length ? `(${args.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')})` : '';
      const named = getNamedType(field.type);
      return `a${i}: ${call.field}${argText}${isLeafType(named) ? '' : ` { ${this.selection(named.name)} }`}`;
    });
    return `query Attack { ${parts.join(' ')} }`;
  }

  async ask(caller: Caller, calls: Call[]): Promise<void> {
    for (let i = 0; i < calls.length; i += 12) await this.askBatch(caller, calls.slice(i, i + 12));
  }

  private async askBatch(caller: Caller, calls: Call[]): Promise<void> {
    this.requests++;
    const result: FormattedExecutionResult<any> = await this.hub.gql(this.document(calls), undefined, caller);
    if (!result.data && calls.length > 1) {
      // One refused call can null the whole answer: ask each alone.
      for (const call of calls) await this.askBatch(caller, [call]);
      return;
    }
    const failed = new Set<number>();
    const retry: Call[] = [];
    for (const error of result.errors ?? []) {
      const alias = typeof error.path?.[0] === 'string' ? Number(String(error.path[0]).slice(1)) : -1;
      const call = calls[alias];
      const inner = error.path?.slice(1).filter((part): part is string => typeof part === 'string').pop();
      const name = call ? `${call.field}${inner ? `.${inner}` : ''}` : 'request';
      const code = String(error.extensions?.code ?? 'ERROR');
      this.refused.set(`${name}: ${code}`, (this.refused.get(`${name}: ${code}`) ?? 0) + 1);
      if (!call) continue;
      failed.add(alias);
      // A field refused inside the answer: ask again without it.
      if (inner && !this.withheld.has(inner)) {
        this.withheld.add(inner);
        this.selections.clear();
        retry.push(call);
      }
    }
    calls.forEach((call, i) => {
      const data = result.data?.[`a${i}`];
      if (failed.has(i) || data === undefined || data === null) return;
      this.answered++;
      call.read(data);
    });
    if (retry.length) await this.askBatch(caller, retry);
  }
}

// ---------------------------------------------------------------------------------------------
// The attack's unknowns: hidden counts (and sums of pence), each defined on the records.

type Desc =
  /** Members at D (as the snapshot) in a group, by status at D. */
  | { k: 'status'; p: string; d: string; dim: string; g: string; s: string }
  /** Memberships that started (add) or ended (rem) in (a, b]. */
  | { k: 'add' | 'rem'; p: string; a: string; b: string; dim: string; g: string }
  /** The snapshot's reoffended over (s, d]. */
  | { k: 'reoffended'; p: string; s: string; d: string; dim: string; g: string }
  /** Reoffending rates' members and reoffenders for window (f, t]. */
  | { k: 'rateMembers' | 'reoffenders'; p: string; f: string; t: string; dim: string; g: string }
  /** Offences dated in (a, b] that count for a window ending t, and their cost in pence. */
  | { k: 'offences' | 'offenceCost'; p: string; t: string; a: string; b: string; dim: string; g: string }
  /** Priority offences behind the priority crime rate's pre and live rates for the month ending e. */
  | { k: 'prePriority' | 'livePriority'; p: string; e: string }
  /** Cost of crime's `during` in pence at asOf a, for Current or Removed. */
  | { k: 'duringCost'; p: string; a: string; grp: string }
  /** Value for money's costed offences in the year (f, t], and their cost in pence. */
  | { k: 'vfmOffences' | 'vfmCost'; p: string; f: string; t: string };

const MONEY = new Set(['offenceCost', 'duringCost', 'vfmCost']);
const descKey = (d: Desc) => Object.values(d).join('|');

interface Cell {
  expr: Expr;
  /** Every figure this cell is: where, and what kind (`snapshot removed`, `rates offences (all − a group)`…). */
  sources: { label: string; topic: string; published: boolean }[];
  money: boolean;
}

const one = (u: number): Expr => new Map([[u, 1n]]);
function sum(...exprs: Expr[]): Expr {
  const out: Expr = new Map();
  for (const e of exprs)
    for (const [u, c] of e) {
      const next = (out.get(u) ?? 0n) + c;
      if (next === 0n) out.delete(u);
      else out.set(u, next);
    }
  return out;
}
const scale = (e: Expr, k: bigint): Expr => new Map([...e].map(([u, c]) => [u, c * k]));
const minus = (a: Expr, b: Expr) => sum(a, scale(b, -1n));
const exprKey = (e: Expr) => [...e].sort(([a], [b]) => a - b).map(([u, c]) => `${u}:${c}`).join(',');
const toTerms = (e: Expr, k = 1): [number, number][] => [...e].map(([u, c]) => [u, Number(c) * k]);

/** The decimals a figure is published with (a rounded rate has 2). */
function decimals(value: number): number {
  const text = String(value);
  if (/e/i.test(text)) return 15;
  return text.includes('.') ? text.split('.')[1].length : 0;
}

/**
 * Turns observations into unknowns, equations and ranges. Every relation used is one a reader can
 * state from the published definitions alone.
 */
class Model {
  descs: Desc[] = [];
  private index = new Map<string, number>();
  /** Exact equations: structural ones hold for any records; observed ones are read from the hub. */
  equations: { expr: Expr; rhs: bigint; label: string; structural: boolean }[] = [];
  ranges: (Range & { structural: boolean })[] = [];
  narrowings: Narrowing[] = [];
  cells = new Map<string, Cell>();
  labels = new Map<string, Set<string>>();
  boundaries = new Map<string, Set<string>>();
  rateEnds = new Map<string, Set<string>>();
  statusDates = new Map<string, Set<string>>();
  detailDates = new Map<string, Set<string>>();
  unitCost = new Map<string, number>();
  bandings: string[] = [];
  /** Per field: half-width of a rounded count, or tolerance of a rounded figure. */
  private roundedCounts = new Map<string, number>();
  private decimalsOf = new Map<string, number>();
  moneyRounding = 0;
  /** Figures worked out from published rounded counts: they add nothing. */
  ignored = new Set<string>();

  constructor(private observations: Observation[]) {}

  unknown(desc: Desc): number {
    const key = descKey(desc);
    let u = this.index.get(key);
    if (u === undefined) {
      u = this.descs.length;
      this.descs.push(desc);
      this.index.set(key, u);
    }
    return u;
  }

  private set<T>(map: Map<string, Set<T>>, key: string): Set<T> {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  }

  groups(p: string, dim: string): string[] {
    return dim === 'NONE' ? ['all'] : [...(this.labels.get(`${p}|${dim}`) ?? [])].sort().concat(UNSEEN);
  }

  dimsOf(p: string): string[] {
    return PERSON_DIMS.filter((dim) => this.labels.get(`${p}|${dim}`)?.size);
  }

  private sorted = new Map<Set<string>, string[]>();
  /** Elementary intervals (a, b] between consecutive boundaries inside (from, to] (all of them without from and to). */
  intervals(boundaries: Set<string> | undefined, from?: string, to?: string): [string, string][] {
    if (!boundaries || (from !== undefined && !boundaries.has(from)) || (to !== undefined && !boundaries.has(to)))
      throw new Error(`(${from}, ${to}] does not start and end on boundaries`);
    let sorted = this.sorted.get(boundaries);
    if (!sorted) this.sorted.set(boundaries, (sorted = [...boundaries].sort()));
    const out: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i++) if ((from === undefined || sorted[i] >= from) && (to === undefined || sorted[i + 1] <= to)) out.push([sorted[i], sorted[i + 1]]);
    return out;
  }

  // Expressions of published figures in the unknowns ------------------------------------------

  private memo = new Map<string, Expr>();
  private remember(key: string, make: () => Expr): Expr {
    let expr = this.memo.get(key);
    if (!expr) this.memo.set(key, (expr = make()));
    return expr;
  }

  total(p: string, d: string, dim: string, g: string): Expr {
    return this.remember(`total|${p}|${d}|${dim}|${g}`, () => sum(...STATUSES.map((s) => one(this.unknown({ k: 'status', p, d, dim, g, s })))));
  }

  /** Memberships that started (add) or ended (rem) in (from, to]: by group, over the boundaries of grouped figures. */
  flow(k: 'add' | 'rem', p: string, from: string, to: string, dim: string, g: string): Expr {
    const boundaries = this.boundaries.get(dim === 'NONE' ? p : `${p}|dims`);
    return this.remember(`${k}|${p}|${from}|${to}|${dim}|${g}`, () => sum(...this.intervals(boundaries, from, to).map(([a, b]) => one(this.unknown({ k, p, a, b, dim, g })))));
  }

  offences(p: string, f: string, t: string, dim: string, g: string, k: 'offences' | 'offenceCost' = 'offences'): Expr {
    return sum(...this.intervals(this.rateEnds.get(`${p}|${t}`), f, t).map(([a, b]) => one(this.unknown({ k, p, t, a, b, dim, g }))));
  }

  private bandingCost(p: string, f: string, t: string, banding: string): Expr {
    return scale(this.offences(p, f, t, 'OFFENCE_GROUP', banding), BigInt(this.unitCost.get(banding) ?? 0));
  }

  rateMembers(p: string, f: string, t: string, dim: string, g: string): Expr {
    return dim === 'OFFENCE_GROUP' ? one(this.unknown({ k: 'rateMembers', p, f, t, dim: 'NONE', g: 'all' })) : one(this.unknown({ k: 'rateMembers', p, f, t, dim, g }));
  }

  // Building -----------------------------------------------------------------------------------

  build(): void {
    this.collect();
    for (const o of this.observations) this.observe(o);
    for (const p of PARTNERSHIPS) this.structure(p);
  }

  /** Groups, dates and boundaries named anywhere; how each field is rounded. */
  private collect(): void {
    const values = new Map<string, number[]>();
    for (const o of this.observations) {
      const { p, at } = o;
      // Boundaries of flows: every date any figure starts or ends at; grouped figures' apart.
      const grouped = PERSON_DIMS.includes(at.dim) || Boolean(at.caseload);
      const all = this.set(this.boundaries, p);
      const dims = this.set(this.boundaries, `${p}|dims`);
      const bounds = { add: (d: string) => [all, ...(grouped ? [dims] : [])].forEach((set) => set.add(d)) };
      bounds.add(ORIGIN);
      dims.add(ORIGIN);
      if (PERSON_DIMS.includes(at.dim)) this.set(this.labels, `${p}|${at.dim}`).add(at.g);
      if (at.caseload) this.set(this.labels, `${p}|STATUTORY_STATUS`).add(at.caseload);
      const statusDate = (d: string) => {
        this.set(this.statusDates, p).add(d);
        bounds.add(d);
        if (grouped) this.set(this.detailDates, p).add(d);
      };
      if (o.measure === 'snapshot') {
        statusDate(at.d);
        bounds.add(at.s);
      }
      if (o.measure === 'rates' || o.measure === 'valueForMoney') {
        // Members in (f, t] = members at f + started in (f, t].
        statusDate(at.f);
        bounds.add(at.t);
        const ends = this.set(this.rateEnds, `${p}|${at.t}`);
        ends.add(at.f);
        ends.add(at.t);
      }
      if (o.measure === 'priority') {
        statusDate(at.e);
        bounds.add(addMonths(at.e, -24));
      }
      if (o.measure === 'costOfCrime' || o.measure === 'capacity' || o.measure === 'cohort') statusDate(at.d);
      if (o.value !== null) {
        const key = `${o.measure}.${o.field}`;
        let list = values.get(key);
        if (!list) values.set(key, (list = []));
        list.push(o.value);
      }
    }
    // Counts: a field, a measure or the whole hub whose every non-zero count is a multiple of 5 is
    // read as rounded to base 5 (±2), or 10 (±5).
    const half = (list: number[], enough: number) => {
      const nonZero = list.filter((v) => v !== 0);
      if (nonZero.length < enough || !nonZero.every((v) => v % 5 === 0)) return 0;
      return nonZero.every((v) => v % 10 === 0) ? 5 : 2;
    };
    const counts = [...values].filter(([key]) => COUNT_FIELDS.has(key));
    const everywhere = half(counts.flatMap(([, list]) => list), 20);
    for (const [key, list] of values) {
      this.decimalsOf.set(key, Math.max(...list.map(decimals)));
      if (!COUNT_FIELDS.has(key)) continue;
      const measure = key.split('.')[0];
      const inMeasure = half(counts.filter(([k]) => k.startsWith(`${measure}.`)).flatMap(([, l]) => l), 8);
      const rounded = Math.max(everywhere, inMeasure, half(list, 8));
      if (rounded) this.roundedCounts.set(key, rounded);
    }
    // Money: exact figures are sums of whole unit costs; a cost by offence group that is no multiple
    // of its unit cost, or figures that are all round thousands, mean the hub rounds money.
    const money = this.observations.filter((o) => o.value !== null && MONEY_FIELDS.has(`${o.measure}.${o.field}`));
    const offGrid = money.some(
      (o) => o.measure === 'rates' && o.at.dim === 'OFFENCE_GROUP' && this.unitCost.get(o.at.g) && Math.round((o.value as number) * 100) % (this.unitCost.get(o.at.g) as number) !== 0,
    );
    const nonZero = money.map((o) => o.value as number).filter((v) => v !== 0);
    const roundThousands = nonZero.length >= 8 && nonZero.every((v) => v % 1000 === 0);
    if (offGrid || roundThousands) {
      const base = [100_000, 10_000, 1000, 500, 100, 50, 10, 5, 1].find((b) => nonZero.every((v) => v % b === 0)) ?? 0.01;
      this.moneyRounding = base / 2;
    }
    this.derivedFromPublished();
  }

  /**
   * A rate over rounded counts may be worked out from the rounded counts themselves, and then says
   * nothing more (reading it as the true counts' rate would mislead). Where the counts behind a
   * figure are rounded, the figure is used only if it disagrees with the published counts somewhere,
   * which shows it was worked out from the true ones.
   */
  private derivedFromPublished(): void {
    const rows = new Map<string, Map<string, number | null>>();
    const rowKey = (o: Observation) => `${o.p}|${o.measure}|${JSON.stringify(o.at)}`;
    for (const o of this.observations) {
      let row = rows.get(rowKey(o));
      if (!row) rows.set(rowKey(o), (row = new Map()));
      row.set(o.field, o.value);
    }
    const nominals = new Map<string, number | null>();
    for (const o of this.observations) if (o.measure === 'capacity' && o.field === 'nominals') nominals.set(`${o.p}|${o.at.d}|${o.at.staffFte}|${o.at.caseload}`, o.value);
    const ratio = (num: number | null | undefined, den: number | null | undefined, factor = 1) => (num == null || !den ? undefined : (factor * num) / den);
    // For each figure worked out from counts: the counts it rests on, and its value from the published ones.
    const FAMILIES: Record<string, { counts: string[]; predict?: (row: Map<string, number | null>, o: Observation) => number | undefined }> = {
      'rates.binaryRate': { counts: ['rates.members', 'rates.reoffenders'], predict: (r) => ratio(r.get('reoffenders'), r.get('members'), 100) },
      'rates.frequencyPer100': { counts: ['rates.members', 'rates.offences'], predict: (r) => ratio(r.get('offences'), r.get('members'), 100) },
      'rates.perReoffender': { counts: ['rates.reoffenders', 'rates.offences'], predict: (r) => ratio(r.get('offences'), r.get('reoffenders')) },
      'costOfCrime.duringPerMember': { counts: ['costOfCrime.members'], predict: (r) => ratio(r.get('during'), r.get('members')) },
      'valueForMoney.costPerManagedOffender': { counts: ['valueForMoney.managed'], predict: (r, o) => ratio(Number(o.at.runningCost), r.get('managed')) },
      'valueForMoney.averageOffenceCost': { counts: ['valueForMoney.offences'] },
      'valueForMoney.breakEvenOffences': { counts: ['valueForMoney.offences'] },
      'priority.preRate': { counts: ['priority.preMembers'] },
      'priority.liveRate': { counts: ['priority.liveMembers'] },
      'priority.percentChange': { counts: ['priority.preMembers', 'priority.liveMembers'] },
      'capacity.fteNeeded': {
        counts: ['capacity.nominals'],
        predict: (r, o) => {
          const n = r.get('nominals');
          return n == null ? undefined : Math.ceil((n * Number(o.at.standardFte) * 100) / Number(o.at.perNominals) - 1e-9) / 100;
        },
      },
      'capacity.nominalsPerFte': {
        counts: ['capacity.nominals'],
        predict: (_r, o) => {
          const covered = o.at.coveredCaseloads.split(',').map((c) => nominals.get(`${o.p}|${o.at.d}|${o.at.staffFte}|${c}`));
          return covered.some((n) => n == null) ? undefined : ratio(covered.reduce((t: number, n) => t + (n as number), 0), Number(o.at.staffFte));
        },
      },
    };
    for (const [family, { counts, predict }] of Object.entries(FAMILIES)) {
      if (!counts.some((c) => this.roundedCounts.has(c)) && !(family === 'costOfCrime.duringPerMember' && this.moneyRounding)) continue;
      const disagrees = this.observations.some((o) => {
        if (`${o.measure}.${o.field}` !== family || o.value === null || !predict) return false;
        const expected = predict(rows.get(rowKey(o)) as Map<string, number | null>, o);
        return expected !== undefined && Math.abs(expected - o.value) > this.tolerance(o) + 1e-6;
      });
      if (!disagrees) this.ignored.add(family);
    }
  }

  private cell(expr: Expr, label: string, topic: string, money = false, published = false): void {
    if (!expr.size) return;
    const key = exprKey(expr);
    const cell = this.cells.get(key) ?? { expr, sources: [], money };
    cell.sources.push({ label, topic, published });
    this.cells.set(key, cell);
  }

  private exact(expr: Expr, rhs: bigint, label: string, structural: boolean): void {
    if (expr.size) this.equations.push({ expr, rhs, label, structural });
  }

  private range(terms: [number, number][], lo: number, hi: number, label: string, structural = false): void {
    if (terms.length) this.ranges.push({ terms, lo, hi, label, structural });
  }

  /** A published count: exact, or a range when the field is rounded. */
  private count(expr: Expr, o: Observation, label: string): void {
    const half = this.roundedCounts.get(`${o.measure}.${o.field}`);
    this.cell(expr, label, `${o.measure} ${o.field}`, false, o.value !== null && !half);
    if (o.value === null) return;
    if (half) this.range(toTerms(expr), Math.max(0, o.value - half), o.value + half, label);
    else this.exact(expr, BigInt(Math.round(o.value)), label, false);
  }

  /** A published sum of money in pounds, as pence. */
  private money(expr: Expr, value: number | null, label: string): void {
    this.cell(expr, label, 'money', true);
    if (value === null) return;
    if (this.moneyRounding) this.range(toTerms(expr), Math.max(0, (value - this.moneyRounding) * 100), (value + this.moneyRounding) * 100, label);
    else this.exact(expr, BigInt(Math.round(value * 100)), label, false);
  }

  /** num ÷ den × factor, published rounded: a range on factor·num − value·den. */
  private ratio(num: Expr, den: Expr, o: Observation, factor: number, label: string): void {
    if (o.value === null) return;
    const tolerance = this.tolerance(o);
    const upper = [...toTerms(num, factor), ...toTerms(den, -(o.value + tolerance))];
    const lower = [...toTerms(num, factor), ...toTerms(den, -(o.value - tolerance))];
    this.range(merge(upper), -Infinity, 0, label);
    this.range(merge(lower), 0, Infinity, label);
  }

  private tolerance(o: Observation): number {
    const places = this.decimalsOf.get(`${o.measure}.${o.field}`) ?? 0;
    return 0.5 * 10 ** -places + 1e-9 * Math.max(1, Math.abs(o.value ?? 0));
  }

  private observe(o: Observation): void {
    if (this.ignored.has(`${o.measure}.${o.field}`)) return;
    const { p, at } = o;
    const where = `${p} ${o.measure}(${Object.entries(at)
      .filter(([k]) => k !== 'g')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}) ${at.g ?? ''} ${o.field}`.replace(/\s+/g, ' ');
    switch (o.measure) {
      case 'snapshot': {
        const { d, s, dim, g } = at;
        if (o.field === 'total') return this.count(this.total(p, d, dim, g), o, where);
        if ((STATUSES as readonly string[]).includes(o.field)) return this.count(one(this.unknown({ k: 'status', p, d, dim, g, s: o.field })), o, where);
        if (o.field === 'added') return this.count(this.flow('add', p, s, d, dim, g), o, where);
        if (o.field === 'removed') return this.count(this.flow('rem', p, s, d, dim, g), o, where);
        if (o.field === 'reoffended') return this.count(one(this.unknown({ k: 'reoffended', p, s, d, dim, g })), o, where);
        return;
      }
      case 'rates': {
        const { f, t, dim, g } = at;
        const members = this.rateMembers(p, f, t, dim, g);
        const reoffenders = one(this.unknown({ k: 'reoffenders', p, f, t, dim, g }));
        const offences = this.offences(p, f, t, dim, g);
        if (o.field === 'members') return this.count(members, o, where);
        if (o.field === 'reoffenders') return this.count(reoffenders, o, where);
        if (o.field === 'offences') return this.count(offences, o, where);
        if (o.field === 'binaryRate') return this.ratio(reoffenders, members, o, 100, where);
        if (o.field === 'frequencyPer100') return this.ratio(offences, members, o, 100, where);
        if (o.field === 'perReoffender') return this.ratio(offences, reoffenders, o, 1, where);
        if (o.field === 'cost') return this.money(dim === 'OFFENCE_GROUP' ? this.bandingCost(p, f, t, g) : this.offences(p, f, t, dim, g, 'offenceCost'), o.value, where);
        return;
      }
      case 'priority': {
        const { e } = at;
        const preMembers = this.flow('add', p, addMonths(e, -24), e, 'NONE', 'all');
        const liveMembers = this.total(p, e, 'NONE', 'all');
        const pre = one(this.unknown({ k: 'prePriority', p, e }));
        const live = one(this.unknown({ k: 'livePriority', p, e }));
        if (o.field === 'preMembers') return this.count(preMembers, o, where);
        if (o.field === 'liveMembers') return this.count(liveMembers, o, where);
        if (o.field === 'preRate') return this.ratio(pre, preMembers, o, 1, where);
        if (o.field === 'liveRate') return this.ratio(live, liveMembers, o, 1, where);
        if (o.field === 'percentChange' && o.value !== null) {
          // live/pre − 1 in whole percent, from unrounded rates: (L·Pm)/(Lm·P) within ±0.5%.
          const lo = 1 + (o.value - 0.5) / 100 - 1e-9;
          const hi = 1 + (o.value + 0.5) / 100 + 1e-9;
          this.narrowings.push(percentChange(this.unknown({ k: 'livePriority', p, e }), liveMembers, this.unknown({ k: 'prePriority', p, e }), preMembers, lo, hi, where));
        }
        return;
      }
      case 'costOfCrime': {
        const { d, grp } = at;
        const members = grp === 'Current' ? this.total(p, d, 'NONE', 'all') : grp === 'Removed' ? this.flow('rem', p, ORIGIN, d, 'NONE', 'all') : undefined;
        if (!members) return;
        const during = one(this.unknown({ k: 'duringCost', p, a: d, grp }));
        if (o.field === 'members') return this.count(members, o, where);
        if (o.field === 'during') return this.money(during, o.value, where);
        if (o.field === 'duringPerMember') return this.ratio(during, members, o, 0.01, where);
        return;
      }
      case 'capacity': {
        const { d } = at;
        const nominals = at.caseload ? this.total(p, d, 'STATUTORY_STATUS', at.caseload) : this.total(p, d, 'NONE', 'all');
        if (o.field === 'members') return this.count(this.total(p, d, 'NONE', 'all'), o, where);
        if (o.field === 'nominals') return this.count(nominals, o, where);
        if (o.field === 'fteNeeded' && o.value !== null) {
          // ⌈nominals × standardFte ÷ perNominals⌉ to the hundredth
          const perFte = Number(at.standardFte) / Number(at.perNominals);
          if (perFte > 0) this.range(toTerms(nominals), (o.value - 0.01) / perFte, o.value / perFte, where);
          return;
        }
        if (o.field === 'nominalsPerFte' && o.value !== null && Number(at.staffFte) > 0) {
          // members covered by the grade's standards ÷ staff in post
          const covered = sum(...at.coveredCaseloads.split(',').map((c) => (c ? this.total(p, d, 'STATUTORY_STATUS', c) : this.total(p, d, 'NONE', 'all'))));
          const staff = Number(at.staffFte);
          const tolerance = this.tolerance(o) * staff;
          this.cell(covered, `${where} (members covered)`, 'capacity members covered');
          this.range(toTerms(covered), o.value * staff - tolerance, o.value * staff + tolerance, where);
        }
        return;
      }
      case 'valueForMoney': {
        const { f, t } = at;
        const managed = this.rateMembers(p, f, t, 'NONE', 'all');
        const offences = one(this.unknown({ k: 'vfmOffences', p, f, t }));
        const cost = one(this.unknown({ k: 'vfmCost', p, f, t }));
        const runningCost = Number(at.runningCost);
        if (o.field === 'managed') return this.count(managed, o, where);
        if (o.field === 'offences') return this.count(offences, o, where);
        if (o.field === 'averageOffenceCost') return this.ratio(cost, offences, o, 0.01, where);
        if (o.field === 'costPerManagedOffender' && o.value !== null && runningCost > 0) {
          const tolerance = this.tolerance(o);
          this.range(toTerms(managed), runningCost / (o.value + tolerance), o.value > tolerance ? runningCost / (o.value - tolerance) : Infinity, where);
        }
        if (o.field === 'breakEvenOffences' && o.value !== null && o.value > 1 && runningCost > 0) {
          // ⌈running cost ÷ average⌉ = n: the average (in pence, ±½p for its rounding) lies in [rc/n, rc/(n−1)).
          this.range(merge([...toTerms(cost), ...toTerms(offences, -((runningCost * 100) / o.value - 0.5))]), 0, Infinity, where);
          this.range(merge([...toTerms(cost), ...toTerms(offences, -((runningCost * 100) / (o.value - 1) + 0.5))]), -Infinity, 0, where);
        }
        return;
      }
      case 'cohort': {
        const { d } = at;
        const expr = at.statutoryStatus ? this.total(p, d, 'STATUTORY_STATUS', at.statutoryStatus) : this.total(p, d, 'NONE', 'all');
        if (o.field === 'totalCount') return this.count(expr, o, where);
        return;
      }
    }
  }

  /** Relations that hold for any records, from the definitions alone. */
  private structure(p: string): void {
    const eq = (expr: Expr, label: string) => this.exact(expr, 0n, label, true);
    const le = (small: Expr, large: Expr, label: string) => this.range(toTerms(minus(small, large)), -Infinity, 0, label, true);
    const dims = this.dimsOf(p);
    const elementary = this.intervals(this.boundaries.get(`${p}|dims`));
    const all = (dim: string) => (dim === 'NONE' ? [] : this.groups(p, dim));
    // Snapshot: status counts, starts and ends partition by every grouping; members at a date are
    // those who started by then less those who ended by then (every membership starts after ORIGIN).
    for (const d of this.statusDates.get(p) ?? []) {
      const detail = this.detailDates.get(p)?.has(d);
      for (const dim of detail ? dims : []) {
        for (const s of STATUSES)
          eq(minus(one(this.unknown({ k: 'status', p, d, dim: 'NONE', g: 'all', s })), sum(...all(dim).map((g) => one(this.unknown({ k: 'status', p, d, dim, g, s }))))), `${p} ${d} ${s} by ${dim}`);
      }
      for (const [dim, g] of [['NONE', 'all'], ...(detail ? dims.flatMap((dim) => all(dim).map((g) => [dim, g])) : [])])
        eq(minus(this.total(p, d, dim, g), minus(this.flow('add', p, ORIGIN, d, dim, g), this.flow('rem', p, ORIGIN, d, dim, g))), `${p} members at ${d} = started − ended (${g})`);
    }
    for (const [a, b] of elementary)
      for (const dim of dims)
        for (const k of ['add', 'rem'] as const)
          eq(minus(this.flow(k, p, a, b, 'NONE', 'all'), sum(...all(dim).map((g) => one(this.unknown({ k, p, a, b, dim, g }))))), `${p} ${k} (${a}, ${b}] by ${dim}`);
    // Per observed window or period: partitions, and the inequalities a reader knows.
    const seen = new Set<string>();
    for (const o of this.observations) {
      if (o.p !== p) continue;
      const { at } = o;
      if (o.measure === 'snapshot') {
        const key = `snap|${at.s}|${at.d}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const dim of dims)
          eq(minus(one(this.unknown({ k: 'reoffended', p, s: at.s, d: at.d, dim: 'NONE', g: 'all' })), sum(...all(dim).map((g) => one(this.unknown({ k: 'reoffended', p, s: at.s, d: at.d, dim, g }))))), `${p} reoffended by ${dim}`);
        for (const [dim, g] of [['NONE', 'all'], ...dims.flatMap((dim) => all(dim).map((g) => [dim, g]))])
          if (dim === 'NONE' || this.detailDates.get(p)?.has(at.d)) le(one(this.unknown({ k: 'reoffended', p, s: at.s, d: at.d, dim, g })), this.total(p, at.d, dim, g), `${p} reoffended ≤ members`);
      }
      if (o.measure === 'rates' || o.measure === 'valueForMoney') {
        const { f, t } = at;
        const key = `rates|${f}|${t}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const groupsOf = (dim: string) => (dim === 'NONE' ? [['NONE', 'all']] : all(dim).map((g) => [dim, g]));
        for (const [dim, g] of [['NONE', 'all'], ...dims.flatMap(groupsOf)]) {
          // Members in the window: those at f, and those who started in (f, t].
          const grouped = this.boundaries.get(`${p}|dims`);
          const detail = dim === 'NONE' || (this.detailDates.get(p)?.has(f) && grouped?.has(f) && grouped.has(t));
          if (detail) eq(minus(this.rateMembers(p, f, t, dim, g), sum(this.total(p, f, dim, g), this.flow('add', p, f, t, dim, g))), `${p} members in (${f}, ${t}] from the snapshot (${g})`);
          const reoffenders = one(this.unknown({ k: 'reoffenders', p, f, t, dim, g }));
          le(reoffenders, this.rateMembers(p, f, t, dim, g), `${p} reoffenders ≤ members`);
          le(reoffenders, this.offences(p, f, t, dim, g), `${p} reoffenders ≤ offences`);
        }
        for (const b of this.bandings) {
          const reoffenders = one(this.unknown({ k: 'reoffenders', p, f, t, dim: 'OFFENCE_GROUP', g: b }));
          le(reoffenders, this.offences(p, f, t, 'OFFENCE_GROUP', b), `${p} reoffenders ≤ offences (${b})`);
          le(reoffenders, one(this.unknown({ k: 'reoffenders', p, f, t, dim: 'NONE', g: 'all' })), `${p} reoffenders of a group ≤ all`);
        }
        for (const dim of dims)
          for (const k of ['rateMembers', 'reoffenders'] as const)
            eq(minus(one(this.unknown({ k, p, f, t, dim: 'NONE', g: 'all' })), sum(...all(dim).map((g) => one(this.unknown({ k, p, f, t, dim, g }))))), `${p} ${k} (${f}, ${t}] by ${dim}`);
      }
    }
    // Offences and their cost partition by every grouping, per elementary interval of each window end;
    // by offence group the cost is the unit cost times the offences.
    for (const [key, ends] of this.rateEnds) {
      if (!key.startsWith(`${p}|`)) continue;
      const t = key.slice(p.length + 1);
      for (const [a, b] of this.intervals(ends)) {
        const allOffences = one(this.unknown({ k: 'offences', p, t, a, b, dim: 'NONE', g: 'all' }));
        const allCost = one(this.unknown({ k: 'offenceCost', p, t, a, b, dim: 'NONE', g: 'all' }));
        eq(minus(allOffences, sum(...this.bandings.map((g) => one(this.unknown({ k: 'offences', p, t, a, b, dim: 'OFFENCE_GROUP', g }))))), `${p} offences by offence group`);
        eq(
          minus(allCost, sum(...this.bandings.map((g) => scale(one(this.unknown({ k: 'offences', p, t, a, b, dim: 'OFFENCE_GROUP', g })), BigInt(this.unitCost.get(g) ?? 0))))),
          `${p} cost = Σ unit cost × offences`,
        );
        for (const dim of dims)
          for (const k of ['offences', 'offenceCost'] as const)
            eq(minus(one(this.unknown({ k, p, t, a, b, dim: 'NONE', g: 'all' })), sum(...all(dim).map((g) => one(this.unknown({ k, p, t, a, b, dim, g }))))), `${p} ${k} by ${dim}`);
      }
    }
  }

  /** Cells: every unknown, every published figure (null or not), and each group's complement. */
  complements(): void {
    for (const [u, desc] of this.descs.entries()) this.cell(one(u), describeUnknown(desc), `hidden ${desc.k}`, MONEY.has(desc.k));
    for (const o of this.observations) {
      const { p, at } = o;
      if (o.measure === 'snapshot' && at.dim !== 'NONE' && COUNT_FIELDS.has(`snapshot.${o.field}`)) {
        const field = (dim: string, g: string): Expr | undefined => {
          if (o.field === 'total') return this.total(p, at.d, dim, g);
          if ((STATUSES as readonly string[]).includes(o.field)) return one(this.unknown({ k: 'status', p, d: at.d, dim, g, s: o.field }));
          if (o.field === 'added') return this.flow('add', p, at.s, at.d, dim, g);
          if (o.field === 'removed') return this.flow('rem', p, at.s, at.d, dim, g);
          if (o.field === 'reoffended') return one(this.unknown({ k: 'reoffended', p, s: at.s, d: at.d, dim, g }));
        };
        const whole = field('NONE', 'all');
        const part = field(at.dim, at.g);
        if (whole && part) this.cell(minus(whole, part), `${p} snapshot ${at.d} (${at.s}, ${at.d}] ${o.field} of members not ${at.dim}=${at.g}`, `snapshot ${o.field} (all − a group)`);
      }
      if (o.measure === 'rates' && PERSON_DIMS.includes(at.dim) && (o.field === 'members' || o.field === 'reoffenders' || o.field === 'offences')) {
        const field = (dim: string, g: string) =>
          o.field === 'members' ? this.rateMembers(p, at.f, at.t, dim, g) : o.field === 'reoffenders' ? one(this.unknown({ k: 'reoffenders', p, f: at.f, t: at.t, dim, g })) : this.offences(p, at.f, at.t, dim, g);
        this.cell(minus(field('NONE', 'all'), field(at.dim, at.g)), `${p} rates (${at.f}, ${at.t}] ${o.field} of members not ${at.dim}=${at.g}`, `rates ${o.field} (all − a group)`);
      }
    }
  }
}

const COUNT_FIELDS = new Set([
  ...['total', 'red', 'amber', 'green', 'inPrison', 'unreviewed', 'added', 'removed', 'reoffended'].map((f) => `snapshot.${f}`),
  'rates.members',
  'rates.reoffenders',
  'rates.offences',
  'priority.preMembers',
  'priority.liveMembers',
  'costOfCrime.members',
  'capacity.members',
  'capacity.nominals',
  'valueForMoney.managed',
  'valueForMoney.offences',
  'cohort.totalCount',
]);
const MONEY_FIELDS = new Set(['rates.cost', 'costOfCrime.during']);

function merge(terms: [number, number][]): [number, number][] {
  const out = new Map<number, number>();
  for (const [u, a] of terms) out.set(u, (out.get(u) ?? 0) + a);
  return [...out].filter(([, a]) => Math.abs(a) > 1e-12);
}

function describeUnknown(desc: Desc): string {
  const { k, p, ...rest } = desc;
  return `${p} ${k}(${Object.values(rest).join(' ')})`;
}

/** (live ÷ liveMembers) ÷ (pre ÷ preMembers) within [lo, hi]: narrows one unknown once the others are fixed. */
function percentChange(live: number, liveMembers: Expr, pre: number, preMembers: Expr, lo: number, hi: number, label: string): Narrowing {
  const value = (bounds: Bounds, e: Expr): number | undefined => {
    let total = 0;
    for (const [u, c] of e) {
      const v = bounds.fixed(u);
      if (v === undefined) return undefined;
      total += Number(c) * v;
    }
    return total;
  };
  return {
    label,
    unknowns: [live, pre, ...liveMembers.keys(), ...preMembers.keys()],
    narrow(bounds) {
      const [l, lm, pr, pm] = [bounds.fixed(live), value(bounds, liveMembers), bounds.fixed(pre), value(bounds, preMembers)];
      if (lm === undefined || pm === undefined || !lm || !pm) return [];
      if (pr !== undefined && pr > 0 && l === undefined) return [[live, (lo * lm * pr) / pm, (hi * lm * pr) / pm]];
      if (l !== undefined && l > 0 && pr === undefined) return [[pre, (l * pm) / (hi * lm), (l * pm) / (lo * lm)]];
      return [];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The attack: what a board token is asked.

/** Where the cohort is: the first and the last quarter end with members joining or leaving. */
interface Span {
  first: string;
  latest: string;
}

/**
 * Asks everything about partnership p. With `span` (found by an earlier run) it asks the short
 * list used to check this test's own counting against what the hub tells an admin.
 */
async function attack(model: Model, asker: Asker, p: string, caller: Caller, given?: Span): Promise<{ observations: Observation[]; span?: Span }> {
  const obs: Observation[] = [];
  const record = (measure: Measure, at: Record<string, string>, row: Record<string, unknown>, fields: string[]) => {
    for (const field of fields) {
      const value = row[field];
      if (value === null || typeof value === 'number') obs.push({ measure, p, at, field, value });
    }
  };
  const SNAPSHOT_FIELDS = ['total', ...STATUSES, 'added', 'removed', 'reoffended'];

  // Public reference data: unit costs and bandings; the financial years.
  const years: { label: string; startDate: string; endDate: string }[] = [];
  await asker.ask(caller, [
    {
      field: 'unitCostsOfCrime',
      args: {},
      read: (rows: { tableVersion: string; banding: string; cost: number }[]) => rows.forEach((r) => model.unitCost.set(`${r.tableVersion}|${r.banding}`, Math.round(r.cost * 100))),
    },
    { field: 'crimeCategories', args: {}, read: (rows: { banding: string }[]) => (model.bandings = [...new Set([...model.bandings, ...rows.map((r) => r.banding)])].sort()) },
    { field: 'financialYears', args: {}, read: (rows: typeof years) => years.push(...rows) },
  ]);

  const snapshot = (d: string, dim: string, s?: string, suppressUnder?: number): Call => ({
    field: 'cohortSnapshot',
    args: { partnership: p, date: d, groupBy: new Enum(dim), periodStart: s, suppressUnder },
    read: (data) => {
      const at = { d, s: data.periodStart ?? s ?? addMonths(d, -3), dim: 'NONE', g: 'all' };
      record('snapshot', at, data, SNAPSHOT_FIELDS);
      if (dim !== 'NONE') for (const row of data.groups ?? []) record('snapshot', { ...at, dim, g: String(row.group) }, row, SNAPSHOT_FIELDS);
    },
  });

  // Where the cohort is: every quarter end, each with its quarter's flows.
  let span = given;
  if (!span) {
    const activity: string[] = [];
    await asker.ask(
      caller,
      quarterEnds(2010, 2016).map((d) => ({
        ...snapshot(d, 'NONE'),
        read: (data: any) => {
          snapshot(d, 'NONE').read(data);
          if (data.added !== 0 || data.removed !== 0) activity.push(d);
        },
      })),
    );
    if (!activity.length) return { observations: obs };
    span = { first: activity[0], latest: activity[activity.length - 1] };
  }
  const { first, latest } = span;
  const check = Boolean(given);
  // Every grouping at the last quarter end, the months before it and the day before it; the
  // cohort's first months, when it is small, for the measures without groupings.
  const dates = check ? [latest] : [latest, addMonths(latest, -1), addMonths(latest, -2), addMonths(latest, -3), addDays(latest, -1)];
  const early = check ? [first] : [addMonths(first, -2), addMonths(first, -1), first];
  const dims = ['NONE', ...PERSON_DIMS];
  const calls: Call[] = check ? [] : [snapshot(latest, 'OFFENCE_GROUP')];
  // Snapshots over the default quarter, the last day, and all time; the latest also over its last
  // month, and asking for no suppression at all, or for more.
  for (const d of dates) for (const s of check ? [undefined] : [undefined, addDays(d, -1), ORIGIN]) for (const dim of dims) calls.push(snapshot(d, dim, s));
  if (!check) for (const dim of dims) calls.push(snapshot(latest, dim, addMonths(latest, -1)), snapshot(latest, dim, undefined, 1), snapshot(latest, dim, undefined, 10));
  for (const d of check ? [] : early) for (const s of [undefined, addDays(d, -1), ORIGIN]) calls.push(snapshot(d, 'NONE', s));

  // Reoffending rates: windows ending on two quarter ends, nested and a day apart; financial years.
  const rates = (f: string, t: string, dim: string, suppressUnder?: number): Call => ({
    field: 'reoffendingRates',
    args: { partnerships: [p], from: f, to: t, groupBy: new Enum(dim), suppressUnder },
    read: (data) => {
      const table = data.unitCostTable;
      if (table) for (const [key, pence] of model.unitCost) if (key.startsWith(`${table}|`)) model.unitCost.set(key.slice(table.length + 1), pence);
      for (const row of data.rows ?? []) record('rates', { f, t, dim, g: dim === 'NONE' ? 'all' : String(row.group) }, row, ['members', 'reoffenders', 'offences', 'binaryRate', 'frequencyPer100', 'perReoffender', 'cost']);
    },
  });
  const windows: [string, string][] = [[addMonths(latest, -3), latest]];
  if (!check) {
    for (const t of [latest, addMonths(latest, -3)]) for (const back of [12, 6, 3]) if (t !== latest || back !== 3) windows.push([addMonths(t, -back), t]);
    windows.push([addDays(addMonths(latest, -3), -1), latest], [addDays(addMonths(latest, -3), 1), latest]);
    for (const y of years) if (y.startDate <= latest && y.endDate >= first) windows.push([addDays(y.startDate, -1), y.endDate]);
  }
  for (const [f, t] of windows) for (const dim of [...dims, 'OFFENCE_GROUP']) calls.push(rates(f, t, dim));
  if (!check) for (const dim of [...dims, 'OFFENCE_GROUP']) calls.push(rates(addMonths(latest, -3), latest, dim, 1), rates(addMonths(latest, -3), latest, dim, 10));

  // Priority crime rate: every computed month from the cohort's start.
  calls.push({
    field: 'priorityCrimeRate',
    args: { partnership: p, from: addMonths(first, -3).slice(0, 7), to: latest.slice(0, 7) },
    read: (rows: any[]) => {
      for (const row of rows) {
        if (row.source && row.source !== 'computed') continue;
        const [y, m] = String(row.month).split('-').map(Number);
        record('priority', { e: monthEnd(y, m) }, row, ['preMembers', 'liveMembers', 'preRate', 'liveRate', 'percentChange']);
      }
    },
  });
  // Cost of crime and capacity at each date; value for money each year.
  for (const d of [...dates, ...early]) {
    calls.push({
      field: 'costOfCrime',
      args: { partnership: p, asOf: d },
      read: (rows: any[]) => {
        for (const row of rows) if (row.source === 'computed' || row.source === undefined) record('costOfCrime', { d, grp: String(row.group) }, row, ['members', 'during', 'duringPerMember']);
      },
    });
  }
  const grades = new Set<string>();
  const capacity = (d: string, staff?: { grade: string; fte: number }[]): Call => ({
    field: 'capacity',
    args: { partnership: p, date: d, staff },
    read: (data) => {
      record('capacity', { d }, data, ['members']);
      const rows: any[] = data.rows ?? [];
      for (const row of rows) {
        grades.add(row.grade);
        const covered = rows.filter((r) => r.grade === row.grade).map((r) => r.caseload ?? '');
        const at = {
          d,
          grade: String(row.grade),
          caseload: row.caseload ?? '',
          standardFte: String(row.standardFte),
          perNominals: String(row.perNominals),
          staffFte: String(row.staffFte ?? ''),
          coveredCaseloads: covered.includes('') ? '' : [...new Set(covered)].join(','),
        };
        record('capacity', at, row, ['nominals', 'fteNeeded', 'nominalsPerFte']);
      }
    },
  });
  for (const d of [...dates, ...early]) calls.push(capacity(d));
  for (const y of years) {
    calls.push({
      field: 'valueForMoney',
      args: { partnership: p, financialYear: y.label },
      read: (data) => record('valueForMoney', { f: addDays(y.startDate, -1), t: y.endDate, runningCost: String(data.runningCost ?? 0) }, data, ['managed', 'offences', 'averageOffenceCost', 'breakEvenOffences', 'costPerManagedOffender']),
    });
  }
  // Lists, if a board token may read them at all.
  for (const status of check ? [] : [undefined, 'NPS', 'CRC', 'NON_STATUTORY']) {
    calls.push({
      field: 'cohort',
      args: { partnership: p, first: 1, filter: { activeOn: latest, ...(status ? { statutoryStatus: [new Enum(status)] } : {}) } },
      read: (data) => record('cohort', { d: latest, statutoryStatus: status ?? '' }, data, ['totalCount']),
    });
  }
  if (!check) calls.push({ field: 'referrals', args: { partnership: p }, read: () => {} });
  await asker.ask(caller, calls);

  // Staff in post of 0.01 FTE per grade: nominals per FTE is then 100 × the members covered.
  if (grades.size) await asker.ask(caller, [...dates, ...early].map((d) => capacity(d, [...grades].map((grade) => ({ grade, fte: 0.01 })))));
  return { observations: obs, span };
}

// ---------------------------------------------------------------------------------------------
// The truth, counted from the records by the README's definitions.

interface Member {
  p: string;
  nominal: number;
  keys: Record<string, string | null>;
  start: string;
  end: string | null;
  reviews: { date: string; id: number; status: string }[];
}
interface OffenceRecord {
  p: string;
  nominal: number;
  date: string;
  outcome: string;
  banding: string;
  priority: boolean;
}

class Truth {
  members: Member[] = [];
  offences: OffenceRecord[] = [];
  private spells = new Map<number, Member[]>();
  private labelOf = new Map<string, (key: string | null) => string>();

  static async load(hub: TestHub): Promise<Truth> {
    const connection = hub.orm.em.getConnection();
    const rows = (sql: string) => connection.execute(sql) as Promise<any[]>;
    const truth = new Truth();
    const members = await rows(`
      select m.id, m.nominal_id, m.start_date, m.end_date, p.code, n.gender, n.age_band, n.ethnicity, n.local_authority,
             n.statutory_status, h.name as hub_name
        from membership m join nominal n on n.id = m.nominal_id join partnership p on p.id = n.partnership_id
        left join hub h on h.id = n.hub_id`);
    const reviews = await rows(`select id, membership_id, review_date, status from status_review`);
    const offences = await rows(`
      select p.code, o.nominal_id, o.offence_date, o.outcome_date, c.banding, c.priority
        from offence o join crime_category c on c.id = o.category_id join nominal n on n.id = o.nominal_id
        join partnership p on p.id = n.partnership_id`);
    const byId = new Map<number, Member>();
    for (const r of members) {
      const member: Member = {
        p: r.code,
        nominal: Number(r.nominal_id),
        keys: {
          GENDER: r.gender,
          AGE_BAND: r.age_band,
          ETHNICITY: r.ethnicity,
          STATUTORY_STATUS: r.statutory_status,
          AREA: r.hub_name ?? null,
          LOCAL_AUTHORITY: r.local_authority ?? null,
          PARTNERSHIP: r.code,
        },
        start: String(r.start_date),
        end: r.end_date ? String(r.end_date) : null,
        reviews: [],
      };
      byId.set(Number(r.id), member);
      truth.members.push(member);
      const spells = truth.spells.get(member.nominal) ?? [];
      spells.push(member);
      truth.spells.set(member.nominal, spells);
    }
    for (const r of reviews) byId.get(Number(r.membership_id))?.reviews.push({ date: String(r.review_date), id: Number(r.id), status: String(r.status) });
    for (const m of truth.members) m.reviews.sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1));
    truth.offences = offences.map((r) => ({
      p: r.code,
      nominal: Number(r.nominal_id),
      date: String(r.offence_date),
      outcome: String(r.outcome_date),
      banding: String(r.banding),
      priority: Boolean(Number(r.priority)) || r.priority === true,
    }));
    return truth;
  }

  /** The same records, matched to the group labels of one model's answers. */
  withLabels(model: Model): Truth {
    const truth = new Truth();
    truth.members = this.members;
    truth.offences = this.offences;
    truth.spells = this.spells;
    truth.useLabels(model);
    return truth;
  }

  /** Matches the hub's group labels to record values (a label no value matches names the blanks). */
  private useLabels(model: Model) {
    for (const p of PARTNERSHIPS)
      for (const dim of PERSON_DIMS) {
        const labels = [...(model.labels.get(`${p}|${dim}`) ?? [])];
        const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9+]/g, '');
        const values = new Set(this.members.filter((m) => m.p === p).map((m) => m.keys[dim]).filter((v): v is string => v !== null).map(norm));
        const blanks = labels.filter((l) => !values.has(norm(l)));
        this.labelOf.set(`${p}|${dim}`, (key) => {
          if (key === null) return blanks.length === 1 ? blanks[0] : UNSEEN;
          return labels.find((l) => norm(l) === norm(key)) ?? UNSEEN;
        });
      }
  }

  private groupOf = new Map<Member, Map<string, string>>();

  private inGroup(m: Member, dim: string, g: string): boolean {
    if (dim === 'NONE') return true;
    let labels = this.groupOf.get(m);
    if (!labels) this.groupOf.set(m, (labels = new Map()));
    let label = labels.get(dim);
    if (label === undefined) labels.set(dim, (label = (this.labelOf.get(`${m.p}|${dim}`) as (key: string | null) => string)(m.keys[dim])));
    return label === g;
  }

  private on(m: Member, d: string): boolean {
    return m.start <= d && (m.end === null || d < m.end);
  }

  private statusAt(m: Member, d: string): string {
    const review = m.reviews.filter((r) => r.date <= d).pop();
    return review ? REVIEW_STATUS[review.status] : 'unreviewed';
  }

  /** An offence counts for reoffending rates ending t: proven by t, while on the scheme. */
  private counts(o: OffenceRecord, t: string): boolean {
    return o.outcome <= t && (this.spells.get(o.nominal) ?? []).some((m) => this.on(m, o.date));
  }

  private memberOf(o: OffenceRecord): Member {
    return (this.spells.get(o.nominal) as Member[])[0];
  }

  private byPartnership = new Map<string, { members: Member[]; offences: OffenceRecord[]; of: Map<number, OffenceRecord[]> }>();

  private records(p: string) {
    let r = this.byPartnership.get(p);
    if (!r) {
      const offences = this.offences.filter((o) => o.p === p);
      const of = new Map<number, OffenceRecord[]>();
      for (const o of offences) of.set(o.nominal, [...(of.get(o.nominal) ?? []), o]);
      r = { members: this.members.filter((m) => m.p === p), offences: offences.filter((o) => this.spells.has(o.nominal)), of };
      this.byPartnership.set(p, r);
    }
    return r;
  }

  value(desc: Desc, unitCost: Map<string, number>): number {
    const { members: all, offences, of } = this.records(desc.p);
    const members = 'dim' in desc && desc.dim !== 'OFFENCE_GROUP' ? all.filter((m) => this.inGroup(m, desc.dim, desc.g)) : all;
    const offencesOf = (m: Member) => of.get(m.nominal) ?? [];
    const pence = (o: OffenceRecord) => unitCost.get(o.banding) ?? 0;
    const count = (pred: (m: Member) => boolean) => members.filter(pred).length;
    switch (desc.k) {
      case 'status':
        return count((m) => this.on(m, desc.d) && this.statusAt(m, desc.d) === desc.s);
      case 'add':
        return count((m) => desc.a < m.start && m.start <= desc.b);
      case 'rem':
        return count((m) => m.end !== null && desc.a < m.end && m.end <= desc.b);
      case 'reoffended':
        return count((m) => this.on(m, desc.d) && offencesOf(m).some((o) => desc.s < o.date && o.date <= desc.d && o.date >= m.start && o.outcome <= desc.d));
      case 'rateMembers':
        return count((m) => m.start <= desc.t && (m.end === null || m.end > desc.f));
      case 'reoffenders':
      case 'offences':
      case 'offenceCost': {
        const [from, to] = 'a' in desc ? [desc.a, desc.b] : [desc.f, desc.t];
        const counted = offences.filter(
          (o) =>
            from < o.date &&
            o.date <= to &&
            this.counts(o, desc.t) &&
            (desc.dim === 'OFFENCE_GROUP' ? o.banding === desc.g : this.inGroup(this.memberOf(o), desc.dim, desc.g)),
        );
        if (desc.k === 'reoffenders') return new Set(counted.map((o) => o.nominal)).size;
        return desc.k === 'offences' ? counted.length : counted.reduce((s, o) => s + pence(o), 0);
      }
      case 'livePriority': {
        const from = addMonths(desc.e, -12);
        return members.filter((m) => this.on(m, desc.e)).reduce((s, m) => s + offencesOf(m).filter((o) => o.priority && from < o.date && o.date <= desc.e).length, 0);
      }
      case 'prePriority': {
        const joined = members.filter((m) => addMonths(desc.e, -24) < m.start && m.start <= desc.e);
        return joined.reduce((s, m) => s + offencesOf(m).filter((o) => o.priority && addMonths(m.start, -12) <= o.date && o.date < m.start).length, 0);
      }
      case 'duringCost': {
        const group = members.filter((m) => (desc.grp === 'Current' ? this.on(m, desc.a) : m.end !== null && m.end <= desc.a));
        const during = (m: Member) => offencesOf(m).filter((o) => o.outcome <= desc.a && m.start <= o.date && o.date <= desc.a && (m.end === null || o.date < m.end));
        return group.reduce((s, m) => s + during(m).reduce((t, o) => t + pence(o), 0), 0);
      }
      case 'vfmOffences':
      case 'vfmCost': {
        const inYear = [...of.values()].flat().filter((o) => desc.f < o.date && o.date <= desc.t && unitCost.has(o.banding));
        return desc.k === 'vfmOffences' ? inYear.length : inYear.reduce((s, o) => s + pence(o), 0);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Solving and judging.

interface Verdict {
  determined: number;
  leaks: { sources: Cell['sources']; value: number }[];
  wrong: { label: string; value: number; truth: number }[];
  contradictions: number;
  conflicts: number;
  unknowns: number;
  equations: number;
  rank: number;
  ranges: number;
  cells: number;
  structuralFailures: string[];
  observedFailures: string[];
  observedChecked: number;
}

/**
 * The attacker's reading checked against the records: structural relations must hold exactly (else
 * this test models the definitions wrongly); published figures hold unless the hub perturbs them.
 */
function compare(model: Model, truthOf: (u: number) => number) {
  const truthValue = (e: Expr) => [...e].reduce((s, [u, c]) => s + Number(c) * truthOf(u), 0);
  const structuralFailures: string[] = [];
  const observedFailures: string[] = [];
  let observedChecked = 0;
  for (const e of model.equations) {
    const ok = truthValue(e.expr) === Number(e.rhs);
    if (!e.structural) observedChecked++;
    if (!ok) (e.structural ? structuralFailures : observedFailures).push(`${e.label}: records give ${truthValue(e.expr)}, read ${e.rhs}`);
  }
  for (const r of model.ranges) {
    const v = r.terms.reduce((s, [u, a]) => s + a * truthOf(u), 0);
    const slack = 1e-6 * Math.max(1, Math.abs(v));
    const ok = v >= r.lo - slack && v <= r.hi + slack;
    if (!r.structural) observedChecked++;
    if (!ok) (r.structural ? structuralFailures : observedFailures).push(`${r.label}: records give ${v}, read [${r.lo}, ${r.hi}]`);
  }
  return { structuralFailures, observedFailures, observedChecked };
}

function solve(model: Model, truthOf: (u: number) => number): Verdict {
  const exact = new ExactSystem();
  const n = model.descs.length;
  const bounds = new Bounds();
  bounds.ensure(n);
  const truthValue = (e: Expr) => [...e].reduce((s, [u, c]) => s + Number(c) * truthOf(u), 0);
  const { structuralFailures, observedFailures, observedChecked } = compare(model, truthOf);

  for (const e of model.equations) exact.add(e.expr, e.rhs, e.label);
  const fixedInExact = new Set<number>();
  for (let round = 0; round < 8; round++) {
    let changed = false;
    for (let u = 0; u < n; u++) {
      if (bounds.fixed(u) !== undefined) continue;
      const v = exact.valueOf(u);
      if (v && v.num % v.den === 0n) {
        const value = Number(v.num / v.den);
        bounds.tighten(u, value, value);
        fixedInExact.add(u);
      }
    }
    propagate(bounds, [...model.ranges, ...exact.shortRows(12)], model.narrowings);
    for (let u = 0; u < n; u++) {
      const v = bounds.fixed(u);
      if (v !== undefined && !fixedInExact.has(u)) {
        fixedInExact.add(u);
        if (exact.add(one(u), BigInt(v), `bounds fix ${u}`) === 'new') changed = true;
      }
    }
    if (!changed) break;
  }

  const leaks: Verdict['leaks'] = [];
  const wrong: Verdict['wrong'] = [];
  let determined = 0;
  for (const cell of model.cells.values()) {
    let value: number | undefined;
    const v = exact.evaluate(cell.expr);
    if (v && v.num % v.den === 0n) value = Number(v.num / v.den);
    if (value === undefined) {
      let lo = 0;
      let hi = 0;
      for (const [u, c] of cell.expr) {
        if (bounds.conflicts.has(u)) [lo, hi] = [-Infinity, Infinity];
        const [a, b] = c > 0n ? [Number(c) * bounds.lo[u], Number(c) * bounds.hi[u]] : [Number(c) * bounds.hi[u], Number(c) * bounds.lo[u]];
        lo += a;
        hi += b;
      }
      if (lo === hi && Number.isFinite(lo)) value = lo;
    }
    if (value === undefined) continue;
    determined++;
    const truth = truthValue(cell.expr);
    if (value !== truth) wrong.push({ label: cell.sources[0].label, value, truth });
    else if (!cell.money && truth >= 1 && truth <= 4) leaks.push({ sources: cell.sources, value });
  }
  return {
    determined,
    leaks,
    wrong,
    contradictions: exact.contradictions.length,
    conflicts: bounds.conflicts.size,
    unknowns: n,
    equations: model.equations.length,
    rank: exact.rank,
    ranges: model.ranges.length + model.narrowings.length,
    cells: model.cells.size,
    structuralFailures,
    observedFailures,
    observedChecked,
  };
}

// ---------------------------------------------------------------------------------------------

describe('the disclosure attacker’s arithmetic', () => {
  it('finds a hidden group from a total and the other groups', () => {
    const exact = new ExactSystem();
    // total = a + b; total = 51, b = 47
    exact.add(new Map([[0, 1n], [1, -1n], [2, -1n]]), 0n, 'partition');
    exact.add(one(0), 51n, 'total');
    exact.add(one(2), 47n, 'b');
    expect(exact.evaluate(one(1))).toEqual({ num: 4n, den: 1n });
  });

  it('finds a count from two overlapping windows, and a count from a cost and its unit cost', () => {
    const exact = new ExactSystem();
    // long = x + y, short = y; cost = 3000·z
    exact.add(new Map([[0, 1n], [1, 1n]]), 12n, 'long');
    exact.add(one(1), 9n, 'short');
    exact.add(one(2), 3000n * 3n, 'cost');
    expect(exact.evaluate(one(0))).toEqual({ num: 3n, den: 1n });
    exact.add(new Map([[3, 3000n]]), 6000n, 'cost');
    expect(exact.evaluate(one(3))).toEqual({ num: 2n, den: 1n });
  });

  it('pins a count between a rounded rate and a known denominator, but not from rounded totals alone', () => {
    const bounds = new Bounds();
    bounds.ensure(4);
    // 100·r ÷ 52 published as 17.31: r is 9
    bounds.tighten(1, 52, 52);
    propagate(bounds, [{ terms: [[0, 100], [1, -17.315]], lo: -Infinity, hi: 0, label: 'rate' }, { terms: [[0, 100], [1, -17.305]], lo: 0, hi: Infinity, label: 'rate' }], []);
    expect(bounds.fixed(0)).toBe(9);
    // total 50 (±2), one group 45 (±2): the other is anywhere in 1–9
    propagate(bounds, [{ terms: [[2, 1], [3, 1]], lo: 48, hi: 52, label: 'total' }, { terms: [[2, 1]], lo: 43, hi: 47, label: 'group' }], []);
    expect(bounds.fixed(3)).toBeUndefined();
    expect([bounds.lo[3], bounds.hi[3]]).toEqual([1, 9]);
  });
});

describe('a disclosure attacker with board tokens', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('recovers no count from 1 to 4, whatever it asks and however it combines the answers', async () => {
    const started = Date.now();
    const schema = buildSchema(readFileSync(`${ROOT}schema/schema.graphql`, 'utf8'));
    const asker = new Asker(hub, schema);
    const reference = new Model([]);
    const observations: Observation[] = [];
    const adminObservations: Observation[] = [];
    const admin = await hub.token('ADMIN');
    for (const p of PARTNERSHIPS) {
      const board = await hub.token('BOARD', [p]);
      const { observations: seen, span } = await attack(reference, asker, p, board.caller);
      observations.push(...seen);
      // The same measures as an admin sees them (nothing withheld), to check this test's own counting.
      if (span) adminObservations.push(...(await attack(reference, new Asker(hub, schema), p, admin.caller, span)).observations);
    }
    const asked = Date.now();

    const model = new Model(observations);
    const check = new Model(adminObservations);
    for (const m of [model, check]) {
      m.unitCost = reference.unitCost;
      m.bandings = reference.bandings;
      m.build();
    }
    model.complements();

    const records = await Truth.load(hub);
    const truthFor = (m: Model) => {
      const truth = records.withLabels(m);
      const cache = new Map<number, number>();
      return (u: number) => {
        let v = cache.get(u);
        if (v === undefined) cache.set(u, (v = truth.value(m.descs[u], m.unitCost)));
        return v;
      };
    };
    const calibration = compare(check, truthFor(check));
    const verdict = solve(model, truthFor(model));

    const published = observations.filter((o) => o.value !== null).length;
    // Leaks by kind of figure, with the first two of each.
    const topics = new Map<string, { label: string; value: number; published: boolean }[]>();
    for (const { sources, value } of verdict.leaks)
      for (const topic of new Set(sources.map((s) => s.topic))) {
        const source = sources.find((s) => s.topic === topic && s.published) ?? (sources.find((s) => s.topic === topic) as Cell['sources'][number]);
        topics.set(topic, [...(topics.get(topic) ?? []), { label: source.label, value, published: source.published }]);
      }
    const leaks = [...topics].map(([topic, list]) => {
      const published = list.filter((l) => l.published);
      const examples = [...published.slice(0, 1), ...list.filter((l) => !l.published).slice(0, 2)].slice(0, 2);
      return `    ${topic}: ${list.length} (${published.length} published as is), e.g. ${examples.map((l) => `${l.label} = ${l.value}`).join('; ')}`;
    });
    if (process.env.IOM_HUB_DISCLOSURE_LEAKS)
      writeFileSync(process.env.IOM_HUB_DISCLOSURE_LEAKS, verdict.leaks.map((l) => `${l.value} = ${l.sources.map((s) => `${s.label}${s.published ? ' (published)' : ''}`).join(' = ')}\n`).join(''));
    const lines = [
      `disclosure attack: ${asker.requests} requests, ${asker.answered} answers, ${[...asker.refused].map(([k, v]) => `${v} × ${k}`).join(', ') || 'none refused'}`,
      `  ${observations.length} figures read (${published} published, ${observations.length - published} null)`,
      `  ${verdict.unknowns} hidden counts, ${verdict.equations} equations (rank ${verdict.rank}), ${verdict.ranges} ranges; ` +
        `${verdict.cells} cells considered, ${verdict.determined} pinned down exactly`,
      `  this test's counting against an admin's answers: ${calibration.observedFailures.length} of ${calibration.observedChecked} figures off`,
      `  the attacker's reading against the records: ${verdict.observedFailures.length} of ${verdict.observedChecked} published figures off; ` +
        `${verdict.contradictions} contradictory equations, ${verdict.conflicts} conflicting ranges; ${verdict.wrong.length} cells pinned to a wrong value`,
      `  ${verdict.leaks.length} counts from 1 to 4 recovered; asked in ${asked - started} ms, solved in ${Date.now() - asked} ms`,
      ...leaks,
      ...calibration.observedFailures.slice(0, 10).map((f) => `    off for an admin: ${f}`),
      ...verdict.observedFailures.slice(0, 5).map((f) => `    off for a board token: ${f}`),
      ...verdict.wrong.slice(0, 5).map((w) => `    wrong: ${w.label} = ${w.value} (records: ${w.truth})`),
    ];
    console.log(lines.join('\n'));

    // The attacker's own counting must fit the records and the hub's unwithheld figures, or its
    // silence would prove nothing.
    expect(verdict.structuralFailures.slice(0, 10)).toEqual([]);
    expect(calibration.structuralFailures.slice(0, 10)).toEqual([]);
    expect(calibration.observedChecked).toBeGreaterThan(1000);
    expect(calibration.observedFailures.slice(0, 10)).toEqual([]);
    expect(asker.answered).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  }, 120_000);
});
