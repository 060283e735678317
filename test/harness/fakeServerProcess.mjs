// Runs the fake Unique server (out-test/fakeServer/main.js, built by `node esbuild.mjs --tests`) as a child
// process in its own process group, for the E2E tier and the demo. Its output is kept, not echoed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, adoptProcessGroup, cleanEnv, sleep } from './codeserver.mjs';

export const FAKE_SERVER_MAIN = join(REPO_ROOT, 'out-test', 'fakeServer', 'main.js');

/**
 * Starts the fake server and waits for its "Fake Unique server: <url>" line.
 * @param {{ seed?: 'demo' | 'empty', token?: string, port?: number, args?: string[], verbose?: boolean }} [opts]
 *   token: the valid token (default a random fake one); args: extra flags of the fake's CLI, e.g. ['--pending-ms', '500'].
 * @returns {Promise<{ url: string, origin: string, token: string, control: (method: string, path: string, body?: unknown) => Promise<unknown>,
 *   stop: () => Promise<void>, log: () => string }>} url: the base URL to configure (uniqueAnalytics.baseUrl);
 *   control(): the fake's unauthenticated /__fake/ routes (faults, requests, reset, orders, ...).
 */
export async function startFakeServerProcess(opts = {}) {
  if (!existsSync(FAKE_SERVER_MAIN))
    throw new Error(`${FAKE_SERVER_MAIN} not found: run \`node esbuild.mjs --tests\` first`);
  // A fresh fake credential per run (the harnesses pass their canary). It travels in the child's environment,
  // which cleanEnv() rid of any real UNIQUE_ANALYTICS_TOKEN: not in argv (ps shows that), and the fake then
  // prints "not shown" instead of echoing it into its log.
  const token = opts.token ?? `fake-${randomBytes(12).toString('hex')}`;
  const args = [
    '--port',
    String(opts.port ?? 0),
    '--seed',
    opts.seed ?? 'demo',
    ...(opts.args ?? []),
  ];
  const child = spawn(process.execPath, [FAKE_SERVER_MAIN, ...args], {
    env: cleanEnv({ UNIQUE_ANALYTICS_TOKEN: token }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stop = adoptProcessGroup(child);
  let log = '';
  const onData = (d) => {
    log += d;
    if (opts.verbose || process.env.CS_VERBOSE) process.stderr.write(`[fake-server] ${d}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const t0 = Date.now();
  let url;
  while (!(url = /^Fake Unique server: (\S+)/m.exec(log)?.[1])) {
    if (child.exitCode !== null)
      throw new Error(`the fake server exited (${child.exitCode}) before it was ready:\n${log}`);
    if (Date.now() - t0 > 15_000) {
      await stop();
      throw new Error(
        `the fake server printed no "Fake Unique server: <url>" line within 15 s:\n${log}`,
      );
    }
    await sleep(50);
  }
  const origin = new URL(url).origin;
  async function control(method, path, body) {
    const res = await fetch(`${origin}/__fake${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(
        `fake server control ${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`,
      );
    return text ? JSON.parse(text) : undefined;
  }
  return { url: url.replace(/\/+$/, ''), origin, token, control, stop, log: () => log };
}
