// The first module of a worker thread: the hub's TypeScript runs through tsx, as bin/iom-hub.js
// runs the command line, then the worker's own module (workerData.module, a file: URL) is loaded.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
