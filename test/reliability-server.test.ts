import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withSqliteFile } from '../server/database/sqlite-file.js';
import { databaseProblems, ROOT } from './support/reliability.js';
import { startTestHub } from './support/hub.js';

describe('/healthz', () => {
  it('answers 200 while the database answers, and 503 when it cannot be reached', async () => {
    const t = await startTestHub({ demo: false });
    const base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
    try {
      const ok = await fetch(`${base}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok', database: 'reachable' });

      await t.orm.close(true);
      const down = await fetch(`${base}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    } finally {
      await t.hub.stop();
    }
  });
});

/** Sends a POST whose body arrives in two parts, `gap()` resolving between them: a request in flight for as long as the test wants. */
function slowPost(port: number, token: string, body: string, gap: () => Promise<void>): Promise<{ status: number; body: string }> {
  return new Promise((resolvePost, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` };
    const request = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolvePost({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    const half = Math.floor(body.length / 2);
    request.write(body.slice(0, half));
    void gap().then(() => request.end(body.slice(half)));
  });
}

function withoutNodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _omitted, ...rest } = env;
  return rest;
}

describe('SIGTERM', () => {
  it('lets the request in flight finish, closes the database cleanly and exits 0', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iom-hub-sigterm-')), 'hub.sqlite');
    const adminToken = randomBytes(24).toString('base64url');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      // Started as `npm start` starts it: without the test runner's NODE_ENV=test, under which Apollo
      // installs no signal handler of its own (one that once raced the hub's and hung the shutdown).
      env: { ...withoutNodeEnv(process.env), PORT: '0', DATABASE_URL: `sqlite:${file}`, IOM_HUB_DEMO_DATA: 'false', IOM_HUB_ADMIN_TOKEN: adminToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    const port = await new Promise<number>((resolvePort, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving http:\/\/localhost:(\d+)\//.exec(output);
        if (match) resolvePort(Number(match[1]));
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      void exited.then((code) => reject(new Error(`the hub exited (${code}) before serving: ${output}`)));
    });

    const body = JSON.stringify({ query: 'mutation { openFinancialYear(label: "2020/21") { label startDate } }' });
    const response = await slowPost(port, adminToken, body, async () => {
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      child.kill('SIGTERM');
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ data: { openFinancialYear: { label: '2020/21', startDate: '2020-04-01' } } });
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGTERM: finishing requests in flight, then closing the database/);
    expect(await databaseProblems(file)).toEqual([]);
    const kept = await withSqliteFile(file, { readonly: true }, (db) => db.all("SELECT label FROM financial_year WHERE label = '2020/21'"));
    expect(kept).toEqual([{ label: '2020/21' }]);
  }, 60_000);
});
