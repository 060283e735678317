// An https:// base URL whose certificate this machine does not trust (a company proxy re-signing traffic,
// a self-signed test server, a certificate for another name): every operation fails with a network
// ApiError that names the fix (VS Code's certificate settings, NODE_EXTRA_CA_CERTS), never a stack trace,
// never the token, and nothing is sent. The fix the message names is then proven to work.
// Certificates are made at test time with openssl into a temporary folder.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UniqueClient } from '../../../src/core/api/client';
import { ApiError } from '../../../src/core/errors';
import { startFakeServer, type FakeServer } from '../../fakeServer/server';
import type { TlsChildOutcome } from '../support/tlsChild';

const TOKEN = 'ukey_CANARY_tls_4e1d9c7b2a_never_in_a_message';
const run = promisify(execFile);

/** Makes a CA, leaves signed by it (for 127.0.0.1 and for another name) and a self-signed leaf. */
function makeCertificates(
  dir: string,
): Record<'ca' | 'leaf' | 'leafKey' | 'wrongName' | 'wrongNameKey' | 'self' | 'selfKey', string> {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'openssl is needed to make test certificates: install it (Debian: apt-get install openssl)',
    );
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Example Corp TLS Inspection Root',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const leaf = (name: string, san: string) => {
    writeFileSync(
      join(dir, `${name}.ext`),
      `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
    );
    ssl(
      'req',
      '-new',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      '/CN=analytics test server',
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  leaf('leaf', 'IP:127.0.0.1,DNS:localhost');
  leaf('wrong', 'DNS:unique.example.invalid');
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    ca: read('ca.pem'),
    leaf: read('leaf.pem'),
    leafKey: read('leaf.key'),
    wrongName: read('wrong.pem'),
    wrongNameKey: read('wrong.key'),
    self: read('self.pem'),
    selfKey: read('self.key'),
  };
}

interface Front {
  readonly url: string;
  /** HTTP requests that got through the TLS handshake (each would have carried the token). */
  requests: number;
  close(): Promise<void>;
}

/** An https server with the given certificate chain, passing every request on to the fake server. */
async function httpsFront(key: string, cert: string, target: FakeServer): Promise<Front> {
  let requests = 0;
  const server: HttpsServer = createHttpsServer({ key, cert }, (req, res) => {
    requests++;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/chat`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function clientFor(front: Front): UniqueClient {
  return new UniqueClient({
    baseUrl: front.url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(TOKEN),
    userAgent: 'unique-analytics-vscode/tls-test',
    timeoutMs: 10_000,
  });
}

/** The person-facing checks every TLS failure message must pass. */
function assertNamesTheFix(message: string, codes: RegExp, operation: RegExp): void {
  assert.match(message, operation);
  assert.match(
    message,
    new RegExp(`secure connection to 127\\.0\\.0\\.1:\\d+ failed \\((${codes.source})\\)`),
    message,
  );
  assert.match(message, /http\.systemCertificates/, "names VS Code's certificate setting");
  assert.match(message, /NODE_EXTRA_CA_CERTS/, 'names the environment variable');
  assert.match(message, /company root certificate/, 'says what to install');
  assert.doesNotMatch(
    message,
    /\n|\bat .+:\d+:\d+|TypeError|fetch failed/,
    'no stack trace or raw error',
  );
  assert.ok(!message.includes(TOKEN) && !message.includes(TOKEN.slice(5, 20)), 'never the token');
}

async function expectApiError(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    (v) => assert.fail(`expected a failure, got ${JSON.stringify(v)}`),
    (err: unknown) => err,
  );
  assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
  return e;
}

/** Runs the real client in a child process with `extraCa` trusted through NODE_EXTRA_CA_CERTS. */
async function inChild(
  baseUrl: string,
  op: 'list' | 'check',
  extraCaFile: string,
): Promise<TlsChildOutcome> {
  const { stdout } = await run(
    process.execPath,
    [join(__dirname, '..', 'support', 'tlsChild.js')],
    {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: extraCaFile,
        TLS_CHILD_BASE_URL: baseUrl,
        TLS_CHILD_TOKEN: TOKEN,
        TLS_CHILD_OP: op,
      },
      timeout: 20_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as TlsChildOutcome;
}

describe('TLS: a certificate this machine does not trust (real https)', function () {
  this.timeout(30_000);
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  let server: FakeServer;
  let orderId: string;
  const fronts: Front[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ua-tls-'));
    certs = makeCertificates(dir);
    server = await startFakeServer({ token: TOKEN });
    orderId = server.addOrder({ state: 'DONE', csvBytes: 2000 }).id;
  });
  after(async () => {
    await Promise.all(fronts.map((f) => f.close()));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const front = async (key: string, cert: string): Promise<Front> => {
    const f = await httpsFront(key, cert, server);
    fronts.push(f);
    return f;
  };

  it('a company CA that is not trusted: every operation names the fix, and nothing (no token) is sent', async () => {
    const f = await front(certs.leafKey, certs.leaf + certs.ca);
    const client = clientFor(f);
    const codes =
      /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE/;
    const ops: Array<[RegExp, () => Promise<unknown>]> = [
      [/^Listing orders failed: /, () => client.listOrders(0, 20)],
      [
        /^Starting the export failed: /,
        () => client.startExport('CHAT_INTERACTION', { start: '2024-05-03', end: '2024-06-02' }),
      ],
      [/^Downloading the CSV failed: /, () => client.downloadCsv(orderId, join(dir, 'out.csv'))],
      [/^Deleting the order failed: /, () => client.deleteOrder(orderId)],
    ];
    for (const [operation, call] of ops) {
      const e = await expectApiError(call());
      assert.equal(e.kind, 'network', e.message);
      assertNamesTheFix(e.message, codes, operation);
      // Nothing got through the handshake, so a start cannot have started anything.
      assert.doesNotMatch(e.message, /may have started/);
    }
    assert.equal(
      f.requests,
      0,
      'no request got through the handshake, so no token left the machine',
    );
    assert.ok(server.order(orderId), 'nothing was deleted');
    assert.equal(server.requests.length, 0);
  });

  it('a self-signed certificate and a leaf without its issuer fail the same clear way', async () => {
    for (const [key, cert, codes] of [
      [certs.selfKey, certs.self, /DEPTH_ZERO_SELF_SIGNED_CERT/],
      [
        certs.leafKey,
        certs.leaf,
        /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/,
      ],
    ] as const) {
      const f = await front(key, cert);
      const e = await expectApiError(clientFor(f).listOrders(0, 20));
      assert.equal(e.kind, 'network');
      assertNamesTheFix(e.message, codes, /^Listing orders failed: /);
      assert.equal(f.requests, 0);
    }
  });

  it('"Check Connection" stops at "Server reachable" and its detail names the fix', async () => {
    const f = await front(certs.leafKey, certs.leaf + certs.ca);
    const report = await clientFor(f).checkConnection();
    assert.equal(report.ok, false);
    const failed = report.checks.filter((c) => !c.ok);
    assert.equal(failed.length, 1, JSON.stringify(report.checks));
    assert.match(failed[0].check, /Server reachable \(network, proxy, TLS\)/);
    assertNamesTheFix(
      failed[0].detail,
      /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/,
      /^Listing orders failed: /,
    );
    assert.equal(report.checks.at(-1), failed[0], 'nothing is checked after an unreachable server');
    assert.equal(f.requests, 0);
  });

  it('the fix the message names works: with NODE_EXTRA_CA_CERTS the same client lists orders', async () => {
    const f = await front(certs.leafKey, certs.leaf + certs.ca);
    const caFile = join(dir, 'ca.pem');
    const listed = await inChild(f.url, 'list', caFile);
    assert.deepEqual(listed, { ok: true, orders: 1 });
    const checked = await inChild(f.url, 'check', caFile);
    assert.equal(checked.ok, true, JSON.stringify(checked.checks));
    assert.ok(f.requests >= 3, `requests went through once trusted (${f.requests})`);
  });

  it('a trusted certificate for another host name fails with the same hint and the name error', async () => {
    const f = await front(certs.wrongNameKey, certs.wrongName + certs.ca);
    const outcome = await inChild(f.url, 'list', join(dir, 'ca.pem'));
    assert.equal(outcome.ok, false);
    assert.equal(outcome.kind, 'network');
    assertNamesTheFix(
      outcome.message ?? '',
      /ERR_TLS_CERT_ALTNAME_INVALID/,
      /^Listing orders failed: /,
    );
    assert.equal(f.requests, 0);
  });
});
