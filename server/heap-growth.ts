/**
 * How far V8 lets the hub's heap grow past what a full garbage collection left live before the
 * next one (IOM_HUB_HEAP_GROWING_PERCENT, 50 by default; 0: V8's own factor). V8 otherwise grows
 * the old generation by a factor of up to 4 that it works out from how fast it collects against
 * how fast the program allocates: on a busy machine the long lists' garbage (thousands of rows,
 * their GraphQL results and answers) let the heap, and so the hub's memory, grow well past what it
 * needs. The factor is read at each collection, so setting it as the hub starts is enough.
 */
import { setFlagsFromString } from 'node:v8';
import { requireWholeNumber } from './errors/validate.js';

export const DEFAULT_HEAP_GROWING_PERCENT = 50;

export function heapGrowingPercent(value = process.env.IOM_HUB_HEAP_GROWING_PERCENT): number {
  return value === undefined || value === '' ? DEFAULT_HEAP_GROWING_PERCENT : requireWholeNumber('IOM_HUB_HEAP_GROWING_PERCENT', Number(value), { max: 300 });
}

/** Sets V8's heap growing factor to 1 + percent / 100 (nothing for 0). */
export function limitHeapGrowth(percent = heapGrowingPercent()): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
