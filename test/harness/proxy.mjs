// A real HTTP proxy for the integration tier's proxy run: Debian's tinyproxy on a free loopback port, with its
// own config, log and pid file in a scratch folder, run in the foreground as our child (no system service, no
// root-owned path). `requests()` reads back from its log what it forwarded.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { adoptProcessGroup, freePort, sleep } from './codeserver.mjs';

export const TINYPROXY = process.env.TINYPROXY_BIN || '/usr/bin/tinyproxy';

/**
 * @typedef {{ method: string, hostPort: string, url?: string }} ProxiedRequest  what a client asked it to forward
 *   (also when the target then refused): CONNECT's `host:port`, or a plain request's URL and its `host:port`
 * @typedef {{ url: string, port: number, logFile: string, stop(): Promise<void>, requests(): ProxiedRequest[],
 *             log(): string }} Proxy
 */

/**
 * Starts tinyproxy on 127.0.0.1, accepting clients from 127.0.0.1 only.
 * @param {{ dir: string, bindOutgoing?: string }} opts dir: scratch folder for config, log and pid file;
 *   bindOutgoing: the local address its outgoing connections come from (so a server can tell them apart)
 * @returns {Promise<Proxy>}
 */
export async function startProxy({ dir, bindOutgoing }) {
  if (!existsSync(TINYPROXY)) {
    throw new Error(
      `tinyproxy not found (${TINYPROXY}): run test/harness/setup-code-server.sh --system-only, or as root apt-get install -y tinyproxy-bin`,
    );
  }
  const port = await freePort(18080);
  const logFile = join(dir, 'tinyproxy.log');
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Allow 127.0.0.1',
      // Longer than any test's slowest answer (the fault matrix's slow row waits 30 s).
      'Timeout 600',
      'MaxClients 200',
      `LogFile "${logFile}"`,
      // "Connect" logs each client and its request line (plus errors), not every header.
      'LogLevel Connect',
      `PidFile "${join(dir, 'tinyproxy.pid')}"`,
      'DisableViaHeader Yes',
      ...(bindOutgoing ? [`Bind ${bindOutgoing}`] : []),
      '', // no ConnectPort line: CONNECT to any port (the fake servers take free ports)
    ].join('\n'),
  );
  // -d: stay in the foreground, so it is our child and ends with us (adoptProcessGroup).
  const child = spawn(TINYPROXY, ['-d', '-c', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stop = adoptProcessGroup(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const t0 = Date.now();
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() - t0 > 10_000) {
      await stop();
      throw new Error(`tinyproxy did not start on 127.0.0.1:${port}:\n${out}${log()}`);
    }
    await sleep(50);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logFile,
    stop,
    log,
    requests: () => parseRequests(log()),
  };
}

/** Request lines of a tinyproxy log: `... Request (file descriptor 7): CONNECT vm:4431 HTTP/1.1`. */
export function parseRequests(text) {
  const out = [];
  for (const [, method, target] of text.matchAll(
    /\]: Request \(file descriptor \d+\): (\S+) (\S+) HTTP\/[\d.]+$/gm,
  )) {
    if (method === 'CONNECT') {
      out.push({ method, hostPort: target });
      continue;
    }
    let hostPort = target;
    try {
      const u = new URL(target);
      hostPort = `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
    } catch {
      // not an absolute URL: keep it as it came
    }
    out.push({ method, hostPort, url: target });
  }
  return out;
}

function accepts(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
