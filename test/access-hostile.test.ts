import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootHub, type BootedHub } from '../bench/boot-hub.js';
import { HOSTILE_DOCUMENTS } from '../bench/hostile-documents.js';

/**
 * Each hostile document is sent to a real hub over HTTP while /healthz is asked, one request after
 * another, until the document's answer comes. The hub must refuse each document quickly, and keep
 * answering the health check meanwhile. The budgets are wide (a loaded 2-core machine runs this
 * beside other tests; the 50 ms CPU budget itself is measured by `npx tsx bench/hostile.ts`), but
 * far below the seconds a document that is expanded before it is refused takes.
 */
const REFUSED_WITHIN_MS = 1_500;
const HEALTHZ_WITHIN_MS = 750;

const ADMIN_TOKEN = 'iomh_hostile-documents-test-admin-token-0123456789';
/** Past this the hub is taken to be stuck on the document (the test fails rather than waits). */
const GIVE_UP_MS = 20_000;

// The hub runs as its own process, as deployed: a document that blocks it cannot block the test's clock.
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-hostile-'));
let hub: BootedHub;
let base: string;
beforeAll(async () => {
  hub = await bootHub({
    DATABASE_URL: `sqlite:${join(dir, 'hub.sqlite')}`,
    IOM_HUB_DEMO_DATA: 'false',
    IOM_HUB_ADMIN_TOKEN: ADMIN_TOKEN,
    // The probes and documents are many and quick: rate limits are not what is tried here.
    IOM_HUB_RATE_LIMIT: '100000',
    IOM_HUB_ANONYMOUS_RATE_LIMIT: '100000',
  });
  base = hub.base;
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function probeHealthWhile(work: Promise<unknown>): Promise<number[]> {
  let done = false;
  void work.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(GIVE_UP_MS) });
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return latencies;
}

describe('a hostile document', () => {
  it.each(HOSTILE_DOCUMENTS.map((document) => [document.name, document] as const))('%s is refused quickly, and /healthz answers meanwhile', { timeout: GIVE_UP_MS * 2 }, async (_name, document) => {
    const started = performance.now();
    const answer = fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query: document.query, operationName: document.operationName, variables: document.variables }),
      signal: AbortSignal.timeout(GIVE_UP_MS),
    }).then(async (response) => ({ status: response.status, body: await response.text(), elapsed: performance.now() - started }));
    const [latencies, { status, body, elapsed }] = await Promise.all([probeHealthWhile(answer.catch(() => null)), answer]);

    expect(status, body.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    const parsed = JSON.parse(body);
    expect(parsed.data).toBeUndefined();
    expect(parsed.errors.length).toBeGreaterThan(0);
    // A refusal says what is wrong once, not once per repetition.
    expect(body.length).toBeLessThan(10_000);
    expect(elapsed).toBeLessThan(REFUSED_WITHIN_MS);
    expect(Math.max(0, ...latencies)).toBeLessThan(HEALTHZ_WITHIN_MS);
  });
});
