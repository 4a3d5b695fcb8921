import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/database/database.js';
import { loadDemoDataIfFresh } from '../server/demo/load-demo.js';
import { authenticate } from '../server/access/token.service.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-cli-'));
const databaseUrl = `sqlite:${join(dir, 'hub.sqlite')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => run('node', ['bin/iom-hub.js', 'token', ...args, '--database', databaseUrl], { cwd: new URL('..', import.meta.url).pathname });

describe('npx iom-hub token', () => {
  it('creates a token that works, lists it without the token itself, and revokes it', async () => {
    const orm = await openDatabase({ databaseUrl });
    await loadDemoDataIfFresh(orm);
    await orm.close();

    const created = await cli('create', '--role', 'finance', '--partnership', 'norfolk-suffolk', '--partnership', 'thurrock', '--expires', '2099-03-31', '--label', 'Finance officer');
    const token = created.stdout.trim();
    expect(token).toMatch(/^iomh_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/finance for norfolk-suffolk, thurrock, until 2099-04-01/);

    const listed = (await cli('list')).stdout;
    expect(listed).toMatch(/\tfinance\tnorfolk-suffolk,thurrock\tactive\texpires 2099-04-01T00:00:00.000Z\tFinance officer/);
    expect(listed).not.toContain(token);
    const id = listed.trim().split('\n').at(-1)!.split('\t')[0];

    const check = await openDatabase({ databaseUrl });
    try {
      expect((await authenticate(check.em, token))?.role).toBe('FINANCE');
      expect((await cli('revoke', id)).stdout).toMatch(new RegExp(`Revoked token ${id}`));
      // Revoked by another process: this one refuses the token once its cached look-up (at most
      // IOM_HUB_TOKEN_CACHE_MS, 2 s by default, old) has lapsed, and never after that accepts it.
      const revoked = Date.now();
      while ((await authenticate(check.em, token)) !== null && Date.now() - revoked < 2_000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await authenticate(check.em, token)).toBeNull();
    } finally {
      await check.close();
    }
  }, 60_000);

  it('refuses an unknown role or partnership, saying what to do', async () => {
    await expect(cli('create', '--role', 'superuser', '--partnership', 'norfolk-suffolk')).rejects.toMatchObject({ stderr: expect.stringMatching(/--role must be one of admin, finance, analyst, case-manager, board/) });
    await expect(cli('create', '--role', 'board', '--partnership', 'atlantis')).rejects.toMatchObject({ stderr: expect.stringMatching(/there is no partnership "atlantis"/) });
  }, 60_000);
});
