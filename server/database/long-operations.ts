/**
 * Long reports take turns (IOM_HUB_LONG_OPERATIONS, two by default). A query operation (a report)
 * that is long waits for one of the turns before it executes; every other operation runs at once.
 * The hub has one event loop and the machine a few cores: a dozen measures and cohort pages running
 * side by side would share them with every finance report, each a few milliseconds of work, which
 * would then take as long as the measures. Waiting in line costs a long report nothing it would not
 * have spent sharing, and a short report then shares the processor with two long ones, not sixteen.
 *
 * An operation is long when every one of its root fields is a long report (LONG_REPORTS: the
 * measures, the cohort page, the medium-term plan), or when each of its last RECENT_RUNS runs took
 * LONG_OPERATION_MS or more. Operations are known by their root fields (`{ priorityCrimeRate … }`),
 * whatever their arguments. The fastest of the last few runs, not the last: under a heavy load a
 * finance report can take a few hundred milliseconds once (waiting for the processor), and must not
 * then be sent to wait behind the measures.
 */
import type { OperationDefinitionNode } from 'graphql';
import { wholeNumberSetting } from './whole-number-setting.js';
import { Turns } from '../db/turns.js';

/** An operation whose last RECENT_RUNS runs each took at least this long (ms, running, not waiting its turn) takes a turn the next time. */
export const LONG_OPERATION_MS = 200;
/** How many of an operation's last runs must each have been long for it to be long. */
export const RECENT_RUNS = 3;

/**
 * Root fields of the long reports: the operations that hold the processor longest (their SQL, row
 * building and arithmetic; README, Performance), tens to hundreds of milliseconds each where a
 * finance report takes a few. The operation pool hands the same operations to its workers.
 */
export const LONG_REPORTS: ReadonlySet<string> = new Set(['cohortSnapshot', 'priorityCrimeRate', 'costOfCrime', 'reoffendingRates', 'cohort', 'mediumTermPlan']);

/**
 * Long operations running at once (IOM_HUB_LONG_OPERATIONS; 0: no limit). Two by default: on SQLite
 * the hub has two reader connections for long statements beside the one kept for short ones
 * (sqlite-readers.ts), on PostgreSQL a pool for long reads beside one for short ones.
 */
export const DEFAULT_LONG_OPERATIONS = 2;

export function longOperations(value = process.env.IOM_HUB_LONG_OPERATIONS): number {
  return wholeNumberSetting('IOM_HUB_LONG_OPERATIONS', value, DEFAULT_LONG_OPERATIONS, 1000);
}

/** The root fields of an operation, sorted: what it is, whatever its arguments. */
export function operationKey(operation: OperationDefinitionNode): string {
  return operation.selectionSet.selections
    .map((selection) => (selection.kind === 'Field' ? selection.name.value : selection.kind))
    .sort()
    .join(',');
}

/** Whether every root field of the operation known by `key` (operationKey) is a long report. */
export function isLongReport(key: string): boolean {
  return key !== '' && key.split(',').every((field) => LONG_REPORTS.has(field));
}

export class LongOperations {
  /** The last RECENT_RUNS durations (ms) of each operation, by key. */
  private readonly took = new Map<string, number[]>();
  private readonly held: Turns;

  /** `limit`: operations remembered before the map starts again (keys are root fields, so a few dozen in practice). */
  constructor(readonly turns: number, private readonly limit = 10_000) {
    this.held = new Turns(turns);
  }

  isLong(key: string): boolean {
    if (isLongReport(key)) return true;
    const runs = this.took.get(key);
    return !!runs && runs.length >= RECENT_RUNS && Math.min(...runs) >= LONG_OPERATION_MS;
  }

  /** Waits for a turn if `key` is long; returns the function that ends the operation (call it once). */
  async start(key: string): Promise<() => void> {
    const turn = this.turns > 0 && this.isLong(key);
    if (turn) await this.held.take();
    const started = performance.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.note(key, performance.now() - started);
      if (turn) this.held.pass(); // the turn passes straight on
    };
  }

  private note(key: string, ms: number): void {
    if (this.took.size >= this.limit && !this.took.has(key)) this.took.clear();
    const runs = this.took.get(key) ?? [];
    runs.push(ms);
    if (runs.length > RECENT_RUNS) runs.shift();
    this.took.set(key, runs);
  }
}
