/**
 * The arithmetic of a disclosure attacker: what a set of published figures pins down about the
 * hidden counts behind them.
 *
 * Unknowns are non-negative integers (people, offences, pence). What is known about them comes as
 * exact linear equations (kept in reduced row echelon form over the rationals, in bigint, so an
 * answer is exact or absent) and as linear ranges `lo ≤ Σ a·x ≤ hi` (rounded figures, rates and
 * averages), tightened by bounds propagation with integrality. An unknown whose range closes to one
 * value becomes an equation, which may pin down more, until nothing changes.
 */

/** A linear expression: unknown → coefficient. */
export type Expr = Map<number, bigint>;

const abs = (n: bigint) => (n < 0n ? -n : n);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

interface Row {
  coef: Expr;
  rhs: bigint;
}

/** Exact linear equations over the rationals, kept fully reduced as they arrive. */
export class ExactSystem {
  /** pivot unknown → its row, which holds the pivot and unknowns that are no pivot. */
  private rows = new Map<number, Row>();
  /** non-pivot unknown → the pivots whose rows hold it. */
  private holders = new Map<number, Set<number>>();
  equations = 0;
  redundant = 0;
  contradictions: string[] = [];

  /** den·(expr·x) = rest·x + k, with no pivot unknown in rest. */
  private reduce(expr: Expr): { den: bigint; rest: Expr; k: bigint } {
    let den = 1n;
    let k = 0n;
    const rest: Expr = new Map(expr);
    for (const v of [...rest.keys()]) {
      const row = this.rows.get(v);
      const c = rest.get(v);
      if (!row || !c) continue;
      const a = row.coef.get(v) as bigint;
      if (a !== 1n) {
        den *= a;
        k *= a;
        for (const [u, cu] of rest) rest.set(u, cu * a);
      }
      rest.delete(v);
      k += c * row.rhs;
      for (const [u, r] of row.coef) {
        if (u === v) continue;
        const next = (rest.get(u) ?? 0n) - c * r;
        if (next === 0n) rest.delete(u);
        else rest.set(u, next);
      }
    }
    let g = gcd(den, k);
    for (const c of rest.values()) g = gcd(g, c);
    if (g > 1n) {
      den /= g;
      k /= g;
      for (const [u, c] of rest) rest.set(u, c / g);
    }
    return { den, rest, k };
  }

  /** Adds `expr·x = rhs`. */
  add(expr: Expr, rhs: bigint, label: string): 'new' | 'redundant' | 'contradiction' {
    this.equations++;
    const { den, rest, k } = this.reduce(expr);
    let value = den * rhs - k;
    if (rest.size === 0) {
      if (value === 0n) {
        this.redundant++;
        return 'redundant';
      }
      this.contradictions.push(label);
      return 'contradiction';
    }
    // The pivot: the unknown with the smallest coefficient keeps numbers small.
    let pivot = -1;
    let best = 0n;
    for (const [u, c] of rest) if (pivot < 0 || abs(c) < best || (abs(c) === best && u < pivot)) [pivot, best] = [u, abs(c)];
    let g = gcd(value, 0n);
    for (const c of rest.values()) g = gcd(g, c);
    const sign = (rest.get(pivot) as bigint) < 0n ? -1n : 1n;
    const row: Row = { coef: new Map([...rest].map(([u, c]) => [u, (c / g) * sign])), rhs: (value / g) * sign };
    value = row.rhs;
    const a = row.coef.get(pivot) as bigint;
    // Take the new pivot out of every row that holds it.
    for (const q of [...(this.holders.get(pivot) ?? [])]) {
      const other = this.rows.get(q) as Row;
      const c = other.coef.get(pivot) as bigint;
      const coef: Expr = new Map();
      for (const [u, cu] of other.coef) coef.set(u, cu * a);
      for (const [u, r] of row.coef) {
        const next = (coef.get(u) ?? 0n) - c * r;
        if (next === 0n) coef.delete(u);
        else coef.set(u, next);
      }
      let rhs = other.rhs * a - c * row.rhs;
      let h = gcd(rhs, 0n);
      for (const cu of coef.values()) h = gcd(h, cu);
      if (h > 1n) {
        rhs /= h;
        for (const [u, cu] of coef) coef.set(u, cu / h);
      }
      for (const u of other.coef.keys()) if (u !== q && !coef.has(u)) this.holders.get(u)?.delete(q);
      for (const u of coef.keys()) if (u !== q && u !== pivot) this.holding(u).add(q);
      this.rows.set(q, { coef, rhs });
    }
    this.holders.delete(pivot);
    for (const u of row.coef.keys()) if (u !== pivot) this.holding(u).add(pivot);
    this.rows.set(pivot, row);
    return 'new';
  }

  private holding(u: number): Set<number> {
    let set = this.holders.get(u);
    if (!set) this.holders.set(u, (set = new Set()));
    return set;
  }

  /** The value of `expr·x` if the equations fix it: numerator and positive denominator. */
  evaluate(expr: Expr): { num: bigint; den: bigint } | undefined {
    const { den, rest, k } = this.reduce(expr);
    if (rest.size) return undefined;
    return den < 0n ? { num: -k, den: -den } : { num: k, den };
  }

  /** The value of one unknown if the equations fix it (a pivot whose row holds nothing else). */
  valueOf(u: number): { num: bigint; den: bigint } | undefined {
    const row = this.rows.get(u);
    return row && row.coef.size === 1 ? { num: row.rhs, den: row.coef.get(u) as bigint } : undefined;
  }

  /** The rows with at most `maxTerms` unknowns, as ranges for bounds propagation. */
  shortRows(maxTerms: number): Range[] {
    const ranges: Range[] = [];
    for (const row of this.rows.values()) {
      if (row.coef.size > maxTerms) continue;
      const value = Number(row.rhs);
      ranges.push({ terms: [...row.coef].map(([u, c]) => [u, Number(c)]), lo: value, hi: value, label: 'equation' });
    }
    return ranges;
  }

  get rank(): number {
    return this.rows.size;
  }
}

/** `lo ≤ Σ a·x ≤ hi` (either side may be infinite). */
export interface Range {
  terms: [number, number][];
  lo: number;
  hi: number;
  label: string;
}

/** A constraint that is not linear: given the bounds, it may narrow some of them. */
export interface Narrowing {
  unknowns: number[];
  narrow(bounds: Bounds): [unknown: number, lo: number, hi: number][];
  label: string;
}

/** Integer bounds of every unknown; all start at [0, ∞). */
export class Bounds {
  lo: number[] = [];
  hi: number[] = [];
  conflicts = new Set<number>();

  ensure(n: number) {
    while (this.lo.length < n) {
      this.lo.push(0);
      this.hi.push(Infinity);
    }
  }

  fixed(u: number): number | undefined {
    return !this.conflicts.has(u) && this.lo[u] === this.hi[u] ? this.lo[u] : undefined;
  }

  /** Narrows u to [lo, hi] ∩ integers; true if anything changed. */
  tighten(u: number, lo: number, hi: number): boolean {
    if (this.conflicts.has(u)) return false;
    const tolLo = 1e-7 * Math.max(1, Math.abs(lo));
    const tolHi = 1e-7 * Math.max(1, Math.abs(hi));
    const newLo = Math.max(this.lo[u], Math.ceil(lo - tolLo));
    const newHi = Math.min(this.hi[u], Math.floor(hi + tolHi));
    if (newLo > newHi) {
      // The published figures, read as the attacker reads them, do not fit together here.
      this.conflicts.add(u);
      return false;
    }
    const changed = newLo !== this.lo[u] || newHi !== this.hi[u];
    this.lo[u] = newLo;
    this.hi[u] = newHi;
    return changed;
  }
}

/** Bounds propagation over ranges and narrowings until nothing changes (or `maxRounds`). */
export function propagate(bounds: Bounds, ranges: Range[], narrowings: Narrowing[], maxRounds = 60): number {
  const watchers = new Map<number, number[]>();
  const all: (Range | Narrowing)[] = [...ranges, ...narrowings];
  all.forEach((c, i) => {
    for (const u of 'terms' in c ? c.terms.map(([v]) => v) : c.unknowns) {
      let list = watchers.get(u);
      if (!list) watchers.set(u, (list = []));
      list.push(i);
    }
  });
  let queue = new Set(all.keys());
  let rounds = 0;
  let changes = 0;
  while (queue.size && rounds++ < maxRounds) {
    const next = new Set<number>();
    const touched = (u: number) => {
      changes++;
      for (const i of watchers.get(u) ?? []) next.add(i);
    };
    for (const i of queue) {
      const c = all[i];
      if ('narrow' in c) {
        for (const [u, lo, hi] of c.narrow(bounds)) if (bounds.tighten(u, lo, hi)) touched(u);
        continue;
      }
      narrowRange(bounds, c, touched);
    }
    queue = next;
  }
  return changes;
}

function narrowRange(bounds: Bounds, range: Range, touched: (u: number) => void) {
  // The least and greatest the sum can be, and how many terms are unbounded each way.
  let min = 0;
  let max = 0;
  let minInf = 0;
  let maxInf = 0;
  const termMin = (u: number, a: number) => (a > 0 ? a * bounds.lo[u] : bounds.hi[u] === Infinity ? -Infinity : a * bounds.hi[u]);
  const termMax = (u: number, a: number) => (a > 0 ? (bounds.hi[u] === Infinity ? Infinity : a * bounds.hi[u]) : a * bounds.lo[u]);
  for (const [u, a] of range.terms) {
    if (bounds.conflicts.has(u)) return;
    const lo = termMin(u, a);
    const hi = termMax(u, a);
    if (lo === -Infinity) minInf++;
    else min += lo;
    if (hi === Infinity) maxInf++;
    else max += hi;
  }
  for (const [u, a] of range.terms) {
    const lo = termMin(u, a);
    const hi = termMax(u, a);
    // The rest of the sum, without this term.
    const restMin = lo === -Infinity ? (minInf > 1 ? -Infinity : min) : minInf ? -Infinity : min - lo;
    const restMax = hi === Infinity ? (maxInf > 1 ? Infinity : max) : maxInf ? Infinity : max - hi;
    // a·x ≤ range.hi − restMin and a·x ≥ range.lo − restMax
    const upper = range.hi - restMin;
    const lower = range.lo - restMax;
    let xLo = -Infinity;
    let xHi = Infinity;
    if (a > 0) {
      if (upper !== Infinity && !Number.isNaN(upper)) xHi = upper / a;
      if (lower !== -Infinity && !Number.isNaN(lower)) xLo = lower / a;
    } else {
      if (upper !== Infinity && !Number.isNaN(upper)) xLo = upper / a;
      if (lower !== -Infinity && !Number.isNaN(lower)) xHi = lower / a;
    }
    if ((xLo !== -Infinity || xHi !== Infinity) && bounds.tighten(u, xLo, xHi)) touched(u);
  }
}
