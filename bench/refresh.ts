/**
 * What a headless refresh costs as tables grow: exports a bound table of N rows × 6 columns (text,
 * dates, money, percentages), refreshes it to 2N and back to N/2, for N = 5,000 and 50,000, and
 * prints rows per second and the ratio between the sizes (near 1: time follows the rows).
 * The answers come from an in-memory stand-in for the hub, so only the file work is timed.
 * Usage: npm run bench:refresh
 */
import { clientOf } from '../addin/hub-client.js';
import { exportWorkbook, refreshWorkbookFile } from '../server/workbook/report-file.js';

let rows = 0;
const client = clientOf(async <T>() => ({
  data: {
    rows: Array.from({ length: rows }, (_, i) => ({ ref: `N${i}`, joined: '2014-05-01', cost: i * 1.25, percent: 12.5, rag: i % 2 ? 'RED' : 'GREEN', note: i % 100 ? 'ok' : '=not a formula' })),
  } as T,
}));
const report = { name: 'bench', title: 'Bench', description: '', query: 'query Bench { rows { ref joined cost percent rag note } }', variables: '{}' };

async function timed<T>(count: number, work: () => Promise<T>): Promise<{ result: T; perSecond: number }> {
  rows = count;
  const start = performance.now();
  const result = await work();
  return { result, perSecond: count / ((performance.now() - start) / 1000) };
}

async function measure(n: number) {
  const exported = await timed(n, () => exportWorkbook({ client, report, variables: {} }));
  const grown = await timed(2 * n, () => refreshWorkbookFile(exported.result.bytes, client));
  const shrunk = await timed(Math.floor(n / 2), () => refreshWorkbookFile(grown.result.bytes!, client));
  console.log(`N = ${n}: export ${exported.perSecond.toFixed(0)} rows/s, refresh to ${2 * n} ${grown.perSecond.toFixed(0)} rows/s, refresh to ${n / 2} ${shrunk.perSecond.toFixed(0)} rows/s, file ${(grown.result.bytes!.length / 1e6).toFixed(1)} MB`);
  return grown.perSecond;
}

await measure(1_000); // warm-up
const small = await measure(5_000);
const large = await measure(50_000);
console.log(`ratio of refresh rows/s, 50,000 vs 5,000 rows: ${(large / small).toFixed(2)} (near 1 or above: time grows in proportion to the rows, no worse)`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
