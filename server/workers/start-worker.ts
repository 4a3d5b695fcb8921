/**
 * Worker threads of the hub: CPU work that would hold the event loop that answers requests (an
 * import's reading and checking of a big file) runs on a thread of its own. Each worker loads its
 * TypeScript module through ./boot.js, whether the hub runs under tsx, the command line or the tests.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Starts `module` (a file: URL of a .ts module) in a worker thread; it reads `data` as `workerData.data`. */
export function startWorker(module: URL, data: unknown, resourceLimits?: ResourceLimits): Worker {
  // No --import or --require of the process (a benchmark's instrumentation, a loader): ./boot.js loads what the worker needs.
  return new Worker(new URL('./boot.js', import.meta.url), { workerData: { module: module.href, data }, execArgv: [], resourceLimits });
}
