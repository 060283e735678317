// `integration.mjs --proxy`: the whole suite as a person behind a company proxy runs it. A tinyproxy on
// loopback is VS Code's `http.proxy`; the suites' fake servers serve https under this machine's host name,
// with a certificate from a throw-away CA trusted the way such a person trusts their company's root
// (NODE_EXTRA_CA_CERTS). Afterwards the proxy's log and the fake servers' connection log must show that the
// requests went through the proxy, and that none reached a fake server without it.
import { execFileSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './codeserver.mjs';
import { startProxy } from './proxy.mjs';

/**
 * What the proxy run takes (integration.mjs --proxy; `--subset all` for every suite): one request of each kind
 * through the proxy, as the extension sends it (VS Code's patched Node https, CONNECT tunnel, the company root
 * from NODE_EXTRA_CA_CERTS), and the proxy's own answer when it cannot reach the server:
 * - canary (always runs): set the token, list;
 * - checkConnection: the connection check's requests (list and the download route's probe);
 * - tree: list and refresh, start, download (Open CSV), delete (delete after download), each asserted at the server;
 * - fault matrix, row "connection refused": the server is down, the proxy answers CONNECT with
 *   "HTTP 500 Unable to connect", and start, download, delete, check and list (via Load More) each quote it.
 * Proof that they went through the proxy: its log shows the CONNECTs (at least `minProxied`) and every
 * connection the fake servers accepted came from it (verdict below). The other suites send the same requests
 * through the same transport, directly (scripts/test.sh).
 */
export const PROXY_SUBSET = Object.freeze({
  grep: '^(checkConnection|tree: |fault matrix )',
  env: Object.freeze({ FAULT_MATRIX_ROWS: '^connection refused$', FAULT_MATRIX_LIST: 'load-more' }),
  minProxied: 10,
});

/** The proxy's outgoing connections come from here, so the fake servers can tell proxied ones apart. */
export const PROXY_OUTGOING = '127.0.0.3';

/**
 * The name the fake servers are reached by, and the address they listen on. A host name, as a real base URL
 * has: VS Code sends only localhost, 127.0.0.1 and ::1 direct, and over a proxy its https agent checks an IP
 * address's certificate against "localhost". This machine's own name resolves locally (/etc/hosts), and the
 * proxy, not the extension host, resolves it, as a company proxy does.
 */
export async function fakeServerHost() {
  const name = hostname();
  if (!name || isIP(name) || /^localhost\.?$/i.test(name)) {
    throw new Error(
      `the proxy run needs a host name for this machine other than "${name}" (os.hostname())`,
    );
  }
  try {
    return { name, address: (await lookup(name, { family: 4 })).address };
  } catch (e) {
    throw new Error(
      `the proxy run reaches the fake servers as "${name}" (os.hostname()), which does not resolve to an IPv4 address (${e.code ?? e}): add it to /etc/hosts`,
    );
  }
}

/** A CA and a server certificate for the DNS name `host` (openssl, EC keys, valid 2 days), as PEM files in `dir`. */
export function makeCertificates(dir, host) {
  mkdirSync(dir, { recursive: true });
  const ssl = (line, ...more) =>
    execFileSync('openssl', [...line.split(' '), ...more], { cwd: dir, stdio: 'pipe' });
  try {
    ssl('version');
  } catch {
    throw new Error(
      'openssl is needed for the proxy run: install it (Debian: apt-get install openssl)',
    );
  }
  const ec = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
  ssl(
    `req -x509 ${ec} -keyout ca.key -out ca.pem -days 2 -subj /CN=proxy-run-test-root`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  writeFileSync(
    join(dir, 'server.ext'),
    `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
  );
  ssl(`req -new ${ec} -keyout server.key -out server.csr -subj /CN=fake-unique-server`);
  ssl(
    'x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext',
  );
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

/**
 * Starts the proxy and returns what code-server needs (environment, user settings), `stop()`, and
 * `verdict(label, { minProxied })`: the lines to print and how many failures they count.
 * @param {string} root the harness's scratch folder
 * @param {{ dir: string }} cs the code-server install (findCodeServer)
 */
export async function startProxyRun(root, cs) {
  const dir = join(root, 'proxy');
  const host = await fakeServerHost();
  const certs = makeCertificates(dir, host.name);
  const connectionLog = join(dir, 'fake-server-connections.log');
  writeFileSync(connectionLog, '');
  const proxy = await startProxy({ dir, bindOutgoing: PROXY_OUTGOING });
  const env = {
    FAKE_SERVER_HOST: host.name,
    FAKE_SERVER_BIND: host.address,
    FAKE_SERVER_TLS_CERT: certs.cert,
    FAKE_SERVER_TLS_KEY: certs.key,
    FAKE_SERVER_CONNECTION_LOG: connectionLog,
    // The few expectations that differ behind a proxy say so (poller.test.ts, support/faultMatrixRows.ts).
    INTEGRATION_VIA_PROXY: '1',
    // How a person trusts a company root they have as a PEM file. VS Code's patched fetch (1.100.3 and
    // 1.139.1) and https (1.100.3) ignore it while http.systemCertificates is on: hence the setting below.
    NODE_EXTRA_CA_CERTS: certs.ca,
    // Beside the direct run's table (fault-matrix-<VS Code version>.md), not over it.
    FAULT_MATRIX_OUT: join(
      REPO_ROOT,
      'out',
      'test-results',
      `fault-matrix-${vscodeVersion(cs)}-via-proxy.md`,
    ),
    // Only the setting under test decides: no proxy (or exemption) inherited from this machine's environment.
    ...Object.fromEntries(
      ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((k) => [
        [k, ''],
        [k.toLowerCase(), ''],
      ]),
    ),
  };
  const settings = { 'http.proxy': proxy.url, 'http.systemCertificates': false };
  return {
    proxy,
    host,
    env,
    settings,
    stop: () => proxy.stop(),
    /** @param {string} label @param {{ minProxied: number }} opts */
    verdict(label, { minProxied }) {
      const requests = proxy.requests();
      const toFake = requests.filter(
        (r) => r.method === 'CONNECT' && r.hostPort.startsWith(`${host.name}:`),
      );
      const peers = existsSync(connectionLog)
        ? readFileSync(connectionLog, 'utf8').split('\n').filter(Boolean)
        : [];
      const direct = peers.filter((a) => a.replace(/^::ffff:/, '') !== PROXY_OUTGOING);
      const lines = [
        `${label}: proxy ${proxy.url} (tinyproxy) forwarded ${toFake.length} connection(s) to the fake servers ` +
          `(CONNECT ${host.name}:*, ${host.address}) and ${requests.length - toFake.length} other request(s); ` +
          `the fake servers accepted ${peers.length} connection(s), ${direct.length} not from the proxy`,
      ];
      let failed = 0;
      if (toFake.length < minProxied) {
        failed++;
        lines.push(
          `FAIL ${label}: expected at least ${minProxied} connection(s) through the proxy, its log shows ${toFake.length}`,
        );
      }
      if (peers.length === 0) {
        failed++;
        lines.push(
          `FAIL ${label}: the fake servers recorded no connection (FAKE_SERVER_CONNECTION_LOG not honoured?)`,
        );
      }
      if (direct.length > 0) {
        failed++;
        const from = [...new Set(direct)].join(', ');
        lines.push(
          `FAIL ${label}: ${direct.length} connection(s) reached the fake servers without the proxy (from ${from})`,
        );
      }
      return { lines, failed, proxied: toFake.length };
    },
  };
}

function vscodeVersion(cs) {
  const pkg = join(cs.dir, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
  return existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : 'unknown';
}
