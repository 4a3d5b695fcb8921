/**
 * Long reports can take turns (IOM_HUB_LONG_OPERATIONS). A query operation (a report) whose last run took LONG_OPERATION_MS or
 * more waits for one of IOM_HUB_LONG_OPERATIONS turns before it executes; the others run at once. The hub
 * has one event loop and the machine a few cores: a dozen measures running side by side would
 * share them with every finance report, each a few milliseconds of work, which would then take as
 * long as the measures. Waiting in line costs a measure nothing it would not have spent sharing.
 * Operations are known by their root fields (`{ priorityCrimeRate … }`), whatever their arguments.
 */
import type { OperationDefinitionNode } from 'graphql';
import { Durations } from './durations.js';
import { wholeNumberSetting } from './whole-number-setting.js';

/** An operation that took at least this long (ms, running, not waiting its turn) takes a turn the next time. */
export const LONG_OPERATION_MS = 200;
/**
 * Long operations running at once (IOM_HUB_LONG_OPERATIONS; 0: no limit, the default). Off by
 * default: under the benchmark's mixed load two turns did not shorten a finance report's wait on
 * SQLite (README, Performance), since measures are not the only work the report shares the event
 * loop with.
 */
export const DEFAULT_LONG_OPERATIONS = 0;

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

export class LongOperations {
  private readonly took = new Durations(LONG_OPERATION_MS);
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly turns: number) {}

  isLong(key: string): boolean {
    return this.took.isLong(key);
  }

  /** Waits for a turn if `key` is long; returns the function that ends the operation (call it once). */
  async start(key: string): Promise<() => void> {
    const turn = this.turns > 0 && this.isLong(key);
    if (turn) {
      if (this.running >= this.turns) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running++;
    }
    const started = performance.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.took.note(key, performance.now() - started);
      if (!turn) return;
      const next = this.waiting.shift();
      if (next) next(); // the turn passes straight on
      else this.running--;
    }
  }
}
