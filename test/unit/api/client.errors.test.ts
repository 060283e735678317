// The pure error mappers behind the client: Node network/TLS error codes (as undici nests them under
// "fetch failed"), Retry-After in both forms, HTML summaries, and GraphQL error codes.
import * as assert from 'node:assert/strict';
import {
  DEFAULT_RETRY_AFTER_MS,
  errorFromGraphql,
  errorFromNetwork,
  errorFromStatus,
  parseRetryAfter,
  summarizeBody,
} from '../../../src/core/api/httpErrors';

/** The shape Node's fetch rejects with: TypeError('fetch failed') whose cause carries the code. */
function fetchFailed(code: string, message = `connect ${code}`): Error {
  const cause = Object.assign(new Error(message), { code });
  return new TypeError('fetch failed', { cause });
}

describe('client error mapping', () => {
  describe('errorFromNetwork', () => {
    const url = 'https://gateway.example.unique.app/chat/graphql';
    const cases: Array<[string, RegExp]> = [
      ['ECONNREFUSED', /refused the connection.*uniqueAnalytics\.baseUrl/],
      ['ECONNRESET', /dropped/],
      ['ENOTFOUND', /could not be resolved/],
      ['ETIMEDOUT', /did not answer in time/],
      ['UND_ERR_SOCKET', /dropped/],
      [
        'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        /http\.systemCertificates.*NODE_EXTRA_CA_CERTS.*http\.proxyStrictSSL/,
      ],
      ['SELF_SIGNED_CERT_IN_CHAIN', /NODE_EXTRA_CA_CERTS/],
      ['CERT_HAS_EXPIRED', /certificate/],
      ['ERR_TLS_CERT_ALTNAME_INVALID', /certificate/],
    ];
    for (const [code, expected] of cases) {
      it(`${code} -> network with the fix`, () => {
        const e = errorFromNetwork('Listing orders', url, fetchFailed(code));
        assert.equal(e.kind, 'network');
        assert.match(e.message, /^Listing orders failed: /);
        assert.match(e.message, new RegExp(code));
        assert.match(e.message, expected);
        assert.match(e.message, /gateway\.example\.unique\.app/);
      });
    }

    it('finds the code inside an AggregateError (several addresses tried)', () => {
      const agg = new AggregateError(
        [Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
        'all failed',
      );
      const e = errorFromNetwork(
        'Starting the export',
        url,
        new TypeError('fetch failed', { cause: agg }),
      );
      assert.match(e.message, /ECONNREFUSED/);
    });

    it('names the proxy settings for errors without a code', () => {
      const e = errorFromNetwork('Listing orders', url, new TypeError('fetch failed'));
      assert.match(e.message, /http\.proxy/);
      assert.match(e.message, /fetch failed/);
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.parse('2024-06-02T12:00:00Z');
    it('reads seconds', () => assert.equal(parseRetryAfter('120', now), 120_000));
    it('reads an HTTP date', () =>
      assert.equal(parseRetryAfter('Sun, 02 Jun 2024 12:00:45 GMT', now), 45_000));
    it('clamps a date in the past to 0', () =>
      assert.equal(parseRetryAfter('Sun, 02 Jun 2024 11:00:00 GMT', now), 0));
    it('ignores garbage', () => assert.equal(parseRetryAfter('soon', now), undefined));
    it('defaults a 429 without Retry-After to 30 s', () => {
      const e = errorFromStatus({
        operation: 'Listing orders',
        status: 429,
        statusText: 'Too Many Requests',
        url: 'https://h/chat/graphql',
        body: '',
        contentType: null,
        retryAfter: null,
        now,
      });
      assert.equal(e.kind, 'rateLimited');
      assert.equal(e.details.retryAfterMs, DEFAULT_RETRY_AFTER_MS);
    });
  });

  describe('summarizeBody', () => {
    it('uses the title of an HTML page, never the markup', () => {
      const s = summarizeBody(
        '<html><head><title>504 Gateway Time-out</title><style>x{}</style></head><body><h1>x</h1></body></html>',
        'text/html',
      );
      assert.deepEqual(s, { kind: 'html', title: '504 Gateway Time-out' });
    });
    it('uses a NestJS message', () =>
      assert.deepEqual(
        summarizeBody('{"statusCode":400,"message":"bad date"}', 'application/json'),
        { kind: 'text', text: 'bad date' },
      ));
    it('uses the first GraphQL error', () =>
      assert.deepEqual(summarizeBody('{"errors":[{"message":"nope"}]}'), {
        kind: 'text',
        text: 'nope',
      }));
    it('shortens long text to one line', () => {
      const s = summarizeBody(`line1\n${'z'.repeat(1000)}`);
      assert.ok(s?.kind === 'text');
      assert.ok(s.text.length < 200);
      assert.doesNotMatch(s.text, /\n/);
    });
  });

  describe('errorFromGraphql', () => {
    const map = (message: string, code?: string) =>
      errorFromGraphql('Listing orders', 'GraphQL x', [
        { message, ...(code ? { extensions: { code } } : {}) },
      ]);
    it('UNAUTHENTICATED -> unauthorized', () =>
      assert.equal(map('x', 'UNAUTHENTICATED').kind, 'unauthorized'));
    it('FORBIDDEN -> forbidden', () => assert.equal(map('x', 'FORBIDDEN').kind, 'forbidden'));
    it('NOT_FOUND -> notFound', () => assert.equal(map('x', 'NOT_FOUND').kind, 'notFound'));
    it('INTERNAL_SERVER_ERROR -> server', () =>
      assert.equal(map('boom', 'INTERNAL_SERVER_ERROR').kind, 'server'));
    it('an unknown code -> protocol, naming it', () => {
      const e = map('changed', 'SOMETHING_NEW');
      assert.equal(e.kind, 'protocol');
      assert.match(e.message, /SOMETHING_NEW.*changed/);
    });
    it('no code: judged by the wording', () => {
      assert.equal(map('Unauthorized').kind, 'unauthorized');
      assert.equal(map('Forbidden resource').kind, 'forbidden');
      assert.equal(map('Record to delete does not exist.').kind, 'notFound');
      assert.equal(map('Something broke').kind, 'server');
    });
    it('counts further errors', () => {
      const e = errorFromGraphql('Listing orders', 'x', [
        { message: 'a' },
        { message: 'b' },
        { message: 'c' },
      ]);
      assert.match(e.message, /and 2 more/);
    });
  });
});
