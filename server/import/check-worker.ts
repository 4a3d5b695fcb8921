/**
 * The worker thread of ./check-in-worker.ts: reads the file's chunks as the hub's thread hands
 * them over, checks every row (./check-rows.ts) and sends back each run of checked records with
 * the problems found so far.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { checkedRecords, Problems, unknownPartnershipReason } from './check-rows.js';
import { AHEAD, type FromWorker, type ToWorker, type WorkerSetup } from './check-in-worker.js';
import type { ImportKind } from './kinds/import-kind.js';
import { ImportFileError } from './read-table.js';

const port = parentPort!;
const kindName = (workerData as { data: { kind: string } }).data.kind;
let setupGiven: ((setup: WorkerSetup) => void) | null = null;
const given = new Promise<WorkerSetup>((resolve) => (setupGiven = resolve));
const send = (message: FromWorker) => port.postMessage(message);

let chunkWaiting: ((message: Extract<ToWorker, { type: 'chunk' }>) => void) | null = null;
let ahead = 0;
let ackWaiting: (() => void) | null = null;
port.on('message', (message: ToWorker) => {
  if (message.type === 'setup') setupGiven?.(message.setup);
  else if (message.type === 'chunk') {
    const waiting = chunkWaiting;
    chunkWaiting = null;
    waiting?.(message);
  } else {
    ahead--;
    const waiting = ackWaiting;
    ackWaiting = null;
    waiting?.();
  }
});

/** The file, a chunk at a time, asked of the hub's thread when the reader wants the next. */
async function* chunks(): AsyncGenerator<Buffer | string> {
  for (;;) {
    const message = await new Promise<Extract<ToWorker, { type: 'chunk' }>>((resolve) => {
      chunkWaiting = resolve;
      send({ type: 'read' });
    });
    if (message.error !== undefined) throw new Error(message.error);
    if (message.done || message.data === undefined) return;
    const { data } = message;
    yield typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
}

const problems = new Problems();
let sent = 0;
/** The problems found since the last message. */
const newProblems = () => {
  const list = problems.list.slice(sent);
  sent = problems.list.length;
  return { problems: list, count: problems.count };
};

/** The kind's own module only (kinds/<name>.kind.ts): the thread starts sooner than with every kind loaded. */
async function kindNamed(name: string): Promise<ImportKind> {
  const module = (await import(`./kinds/${name}.kind.js`)) as Record<string, unknown>;
  const kind = Object.values(module).find((value): value is ImportKind => (value as ImportKind | null)?.name === name);
  if (!kind) throw new Error(`no import kind "${name}".`);
  return kind;
}

try {
  const kind = await kindNamed(kindName);
  const setup = await given;
  const partnerships = new Map(setup.partnerships);
  const records = checkedRecords({
    kind, source: { format: setup.format, name: setup.name, open: () => Readable.from(chunks()) }, partnerships, defaultPartnership: setup.defaultPartnership,
    lookups: setup.lookups, problems, seen: new Map(), unknownPartnership: unknownPartnershipReason(setup.all, [...partnerships.keys()]),
    onHeader: (unknown) => send({ type: 'header', unknown }),
  });
  for (;;) {
    const next = await records.next();
    if (next.done) {
      send({ type: 'done', rows: next.value, ...newProblems() });
      break;
    }
    // Once a row has a problem nothing is written: the records are not sent, only the problems.
    send({ type: 'run', records: problems.count ? [] : next.value.records, lastRow: next.value.lastRow, ...newProblems() });
    ahead++;
    while (ahead >= AHEAD) await new Promise<void>((resolve) => (ackWaiting = resolve));
  }
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error), fileError: error instanceof ImportFileError });
}
