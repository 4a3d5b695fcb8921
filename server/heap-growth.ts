/**
 * How far V8 lets the hub's heap grow past what a full garbage collection left live before the
 * next one (IOM_HUB_HEAP_GROWING_PERCENT, 50 by default; 0: V8's own factor), and by at least how
 * much (IOM_HUB_HEAP_HEADROOM_MB, 64 by default). V8 otherwise grows the old generation by a
 * factor of up to 4 that it works out from how fast it collects against how fast the program
 * allocates: on a busy machine the long lists' garbage (thousands of rows, their GraphQL results
 * and answers) let the heap, and so the hub's memory, grow well past what it needs. But a small
 * heap grown by half is soon full again: under the small reports' requests, whose garbage mostly
 * dies young, the full collections' marking on V8's helper threads took about a tenth of the hub's
 * processor time a request (cost share at 16 connections on PostgreSQL: 0.12–0.14 ms of 0.5 off the
 * event loop, 0.07–0.08 with 64 MB of headroom). So the factor gives the heap at least the headroom:
 * a growing percent worked out from what the last full collection left live (at most 300, V8's own
 * largest factor), set after each full collection for the next. The factor is read at each
 * collection, so setting it from the program is enough.
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { wholeNumberSetting } from './database/whole-number-setting.js';

export const DEFAULT_HEAP_GROWING_PERCENT = 50;
export const DEFAULT_HEAP_HEADROOM_MB = 64;
/** V8's own largest growing factor is 4. */
const MAX_PERCENT = 300;

export function heapGrowingPercent(value = process.env.IOM_HUB_HEAP_GROWING_PERCENT): number {
  return wholeNumberSetting('IOM_HUB_HEAP_GROWING_PERCENT', value, DEFAULT_HEAP_GROWING_PERCENT, MAX_PERCENT);
}

export function heapHeadroomMb(value = process.env.IOM_HUB_HEAP_HEADROOM_MB): number {
  return wholeNumberSetting('IOM_HUB_HEAP_HEADROOM_MB', value, DEFAULT_HEAP_HEADROOM_MB, 4096);
}

/** The growing percent for a heap with `liveBytes` live: at least `percent`, and enough for `headroomMb` more (at most 300). */
export function growingPercentFor(liveBytes: number, percent: number, headroomMb: number): number {
  const forHeadroom = liveBytes > 0 ? Math.ceil((headroomMb * 1024 * 1024 * 100) / liveBytes) : MAX_PERCENT;
  return Math.min(MAX_PERCENT, Math.max(percent, forHeadroom));
}

export interface HeapGrowth {
  /** The growing percent set last (0: none set, V8's own factor). */
  readonly percent: number;
  /** Stops setting it after full collections (the last one set stays). */
  stop(): void;
}

/**
 * Sets V8's heap growing factor to 1 + percent / 100, the percent raised for the headroom (nothing
 * for a percent of 0), now and after each full collection (`set` for the tests).
 */
export function limitHeapGrowth(percent = heapGrowingPercent(), headroomMb = heapHeadroomMb(), set = (flags: string) => setFlagsFromString(flags)): HeapGrowth {
  const state = { percent: 0, stop: () => {} };
  if (percent <= 0) return state;
  const apply = () => {
    const next = growingPercentFor(getHeapStatistics().used_heap_size, percent, headroomMb);
    if (next === state.percent) return;
    state.percent = next;
    set(`--heap-growing-percent=${next}`);
  };
  apply();
  if (headroomMb > 0) {
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) apply();
    });
    observer.observe({ entryTypes: ['gc'] });
    state.stop = () => observer.disconnect();
  }
  return state;
}
