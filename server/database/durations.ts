/**
 * How long each kind of work took the last time it ran, by a key (a statement's text, an
 * operation's root fields): what the reader lanes (replicas.ts, sqlite-readers.ts) and the turns of
 * long reports (long-operations.ts) go by to tell long work from short before it runs.
 */
export class Durations {
  private readonly took = new Map<string, number>();

  /** `longMs`: work that took at least this long (ms) the last time is long; `limit`: keys kept before the map starts again. */
  constructor(readonly longMs: number, private readonly limit = 10_000) {}

  isLong(key: string): boolean {
    return (this.took.get(key) ?? 0) >= this.longMs;
  }

  /** `key` took `ms` this time. The map is emptied when it holds `limit` keys (texts with literals in them would grow it without end). */
  note(key: string, ms: number): void {
    if (this.took.size >= this.limit && !this.took.has(key)) this.took.clear();
    this.took.set(key, ms);
  }
}
