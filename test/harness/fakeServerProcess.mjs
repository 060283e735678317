// Runs the fake Unique server (out-test/fakeServer/main.js, built by `node esbuild.mjs --tests`) as a child
// process in its own process group, for the E2E tier and the demo. Its output is kept, not echoed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CANARY_APIKEY_ENV, CANARY_SECRET_ENV } from './canaryScan.mjs';
import { REPO_ROOT, adoptProcessGroup, cleanEnv, sleep } from './codeserver.mjs';

export const FAKE_SERVER_MAIN = join(REPO_ROOT, 'out-test', 'fakeServer', 'main.js');

/**
 * Starts the fake server and waits for it to print what it serves (base URL first, the control line last).
 * @param {{ seed?: 'demo' | 'empty', token?: string, secret?: string, apiKey?: string, port?: number, args?: string[],
 *   verbose?: boolean }} [opts]
 *   token: the valid token (default a random fake one); secret, apiKey: the service user's client secret and
 *   the Public API key, canaries only (newCanaries(); default random fake ones); args: extra flags of the fake's
 *   CLI, e.g. ['--pending-ms', '500', '--token-lifetime', '120'].
 * @returns {Promise<{ url: string, origin: string, token: string,
 *   serviceUser: { tokenUrl: string, clientId: string, projectId: string, secret: string },
 *   publicApi: { url: string, apiKey: string, appId: string, userId: string, companyId: string, apiVersion: string },
 *   control: (method: string, path: string, body?: unknown) => Promise<unknown>,
 *   stop: () => Promise<void>, log: () => string }>} url: the base URL to configure (uniqueAnalytics.baseUrl);
 *   serviceUser: its built-in Zitadel token endpoint; publicApi: the Public API's base URL, key and identity;
 *   control(): the fake's unauthenticated /__fake/ routes (faults, requests, reset, orders, service-user, ...).
 */
export async function startFakeServerProcess(opts = {}) {
  if (!existsSync(FAKE_SERVER_MAIN))
    throw new Error(`${FAKE_SERVER_MAIN} not found: run \`node esbuild.mjs --tests\` first`);
  // A fresh fake credential per run (the harnesses pass their canary). It travels in the child's environment,
  // which cleanEnv() rid of any real UNIQUE_ANALYTICS_TOKEN: not in argv (ps shows that), and the fake then
  // prints "not shown" instead of echoing it into its log.
  const token = opts.token ?? `fake-${randomBytes(12).toString('hex')}`;
  // The secret and key likewise travel in the environment, where the fake takes only canary-shaped values
  // (and then prints "not shown"); without them it makes and prints its own, read back below.
  const extraEnv = {};
  for (const [value, env, re] of [
    [opts.secret, CANARY_SECRET_ENV, /^canary-secret-[0-9a-f]{32}$/],
    [opts.apiKey, CANARY_APIKEY_ENV, /^ukey_canary[0-9a-f]{32}$/],
  ]) {
    if (value === undefined) continue;
    if (!re.test(value))
      throw new Error(`${env}: only a canary made by newCanaries() can be passed`);
    extraEnv[env] = value;
  }
  const args = [
    '--port',
    String(opts.port ?? 0),
    '--seed',
    opts.seed ?? 'demo',
    ...(opts.args ?? []),
  ];
  const env = cleanEnv({ UNIQUE_ANALYTICS_TOKEN: token, ...extraEnv });
  // A secret or key this process inherited is not this fake's.
  for (const k of [CANARY_SECRET_ENV, CANARY_APIKEY_ENV]) if (!(k in extraEnv)) delete env[k];
  const child = spawn(process.execPath, [FAKE_SERVER_MAIN, ...args], {
    env,
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
  const ready = () => /^Control: /m.test(log) && /^Fake Unique server: (\S+)/m.exec(log)?.[1];
  while (!(url = ready())) {
    if (child.exitCode !== null)
      throw new Error(`the fake server exited (${child.exitCode}) before it was ready:\n${log}`);
    if (Date.now() - t0 > 15_000) {
      await stop();
      throw new Error(
        `the fake server printed no "Fake Unique server: <url>" and "Control:" lines within 15 s:\n${log}`,
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
  const line = (label) => new RegExp(`^${label}: (.+)$`, 'm').exec(log)?.[1] ?? '';
  const identity = (name) =>
    new RegExp(`${name} ([^,\\s]+)`).exec(line('Public API identity'))?.[1] ?? '';
  const serviceUser = {
    tokenUrl: line('Token URL'),
    clientId: line('Client id'),
    projectId: line('Project id'),
    secret: opts.secret ?? line('Client secret'),
  };
  const publicApi = {
    url: line('Public API'),
    apiKey: opts.apiKey ?? line('API key'),
    appId: identity('app id'),
    userId: identity('user id'),
    companyId: identity('company id'),
    apiVersion: identity('API version'),
  };
  return {
    url: url.replace(/\/+$/, ''),
    origin,
    token,
    serviceUser,
    publicApi,
    control,
    stop,
    log: () => log,
  };
}
