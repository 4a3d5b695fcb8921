import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { growingPercentFor, heapGrowingPercent, heapHeadroomMb } from '../server/heap-growth.js';

const MB = 1024 * 1024;
const ROOT = join(import.meta.dirname, '..');

describe('the heap grows by half past what a full collection left live, and by at least the headroom', () => {
  it('works the growing percent out from the live heap: the headroom for a small heap, half for a large one, never past 300', () => {
    expect(growingPercentFor(100 * MB, 50, 128)).toBe(128);
    expect(growingPercentFor(256 * MB, 50, 128)).toBe(50);
    expect(growingPercentFor(400 * MB, 50, 128)).toBe(50);
    expect(growingPercentFor(30 * MB, 50, 128)).toBe(300);
    expect(growingPercentFor(0, 50, 128)).toBe(300);
    // No headroom: half, whatever the heap.
    expect(growingPercentFor(10 * MB, 50, 0)).toBe(50);
  });

  it('reads IOM_HUB_HEAP_HEADROOM_MB (64 when unset) as a whole number of megabytes', () => {
    expect(heapHeadroomMb(undefined)).toBe(64);
    expect(heapHeadroomMb('')).toBe(64);
    expect(heapHeadroomMb('0')).toBe(0);
    expect(heapHeadroomMb('64')).toBe(64);
    expect(() => heapHeadroomMb('-1')).toThrow('IOM_HUB_HEAP_HEADROOM_MB must be a whole number from 0 to 4096 (got "-1").');
    expect(() => heapHeadroomMb('lots')).toThrow('IOM_HUB_HEAP_HEADROOM_MB must be a whole number from 0 to 4096 (got "lots").');
    expect(() => heapHeadroomMb('5000')).toThrow('IOM_HUB_HEAP_HEADROOM_MB must be a whole number from 0 to 4096 (got "5000").');
    expect(() => heapGrowingPercent('half')).toThrow('IOM_HUB_HEAP_GROWING_PERCENT must be a whole number from 0 to 300 (got "half").');
  });

  it('sets the percent as the hub starts and again after each full collection, from what it left live, until stopped', async () => {
    // A process of its own, whose full collections are asked for (--expose-gc): the percent set at
    // start (a small heap: the most), then after a collection that left about 100 MB live.
    const dir = mkdtempSync(join(tmpdir(), 'iom-heap-growth-'));
    try {
      const probe = join(dir, 'probe.mts');
      writeFileSync(probe, `
import { limitHeapGrowth } from ${JSON.stringify(join(ROOT, 'server', 'heap-growth.js'))};
const sets = [];
const growth = limitHeapGrowth(50, 128, (flags) => sets.push(flags));
const atStart = [...sets];
const kept = [];
for (let i = 0; i < 100; i++) kept.push(new Array(131072).fill(i));
globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, 50));
const afterFull = [...sets];
const percentAfterFull = growth.percent;
growth.stop();
kept.length = 0;
globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(JSON.stringify({ atStart, afterFull, percentAfterFull, afterStop: sets }));
`);
      const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', probe], { cwd: ROOT });
      const { atStart, afterFull, percentAfterFull, afterStop } = JSON.parse(stdout) as { atStart: string[]; afterFull: string[]; percentAfterFull: number; afterStop: string[] };
      expect(atStart).toEqual(['--heap-growing-percent=300']);
      expect(afterFull).toHaveLength(2);
      // About 100 MB of arrays live, and the program's own: 128 MB is a little over their size.
      expect(percentAfterFull).toBeGreaterThan(90);
      expect(percentAfterFull).toBeLessThan(128);
      expect(afterFull[1]).toBe(`--heap-growing-percent=${percentAfterFull}`);
      // Stopped: the next collection (the arrays gone) sets nothing.
      expect(afterStop).toEqual(afterFull);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
