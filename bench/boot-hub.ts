import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BootedHub {
  base: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the hub as `npm start` does (server/main.ts through tsx), on a free port, and waits until it serves. */
export async function bootHub(env: Record<string, string>): Promise<BootedHub> {
  const child: ChildProcess = spawn(`${ROOT}node_modules/.bin/tsx`, ['server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it stops tsx's node process too.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /serving http:\/\/localhost:(\d+)\/graphql/.exec(output);
      // Wait for the lines printed after the address too.
      if (match && /database: /.test(output)) {
        clearTimeout(timer);
        setTimeout(() => resolve(match[1]), 100);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`the hub exited (${code}):\n${output}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    // SIGTERM, then SIGKILL if the group has not gone within 2 s.
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 2_000);
        child.once('exit', () => {
          clearTimeout(timer);
          try {
            process.kill(-(child.pid as number), 'SIGKILL');
          } catch {
            // the group is gone already
          }
          resolve();
        });
        process.kill(-(child.pid as number), 'SIGTERM');
      }),
  };
}
