// parseBaseUrl / parseGraphqlPath: what is accepted (normalised), what is refused and why, and a
// 10,000-run property test: never throws; every refusal carries a message; every acceptance is clean.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLoopbackHost, parseBaseUrl, parseGraphqlPath } from '../../../src/core/setup/baseUrl';

describe('parseBaseUrl', () => {
  const accepted: Array<[string, string]> = [
    ['https://gateway.eu1.unique.app/chat', 'https://gateway.eu1.unique.app/chat'],
    ['  https://gateway.eu1.unique.app/chat/  ', 'https://gateway.eu1.unique.app/chat'],
    ['https://gateway.eu1.unique.app/chat///', 'https://gateway.eu1.unique.app/chat'],
    ['HTTPS://Gateway.EU1.Unique.App/chat', 'https://gateway.eu1.unique.app/chat'],
    ['https://api.bank.example/chat', 'https://api.bank.example/chat'],
    ['https://api.bank.example', 'https://api.bank.example'],
    ['https://api.bank.example/', 'https://api.bank.example'],
    ['https://api.bank.example:8443/chat', 'https://api.bank.example:8443/chat'],
    ['https://api.bank.example:443/chat', 'https://api.bank.example/chat'],
    ['http://localhost:3000/chat', 'http://localhost:3000/chat'],
    ['http://127.0.0.1:8080/chat/', 'http://127.0.0.1:8080/chat'],
    ['http://127.1.2.3/chat', 'http://127.1.2.3/chat'],
    ['http://[::1]:9000/chat', 'http://[::1]:9000/chat'],
  ];
  for (const [input, url] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () =>
      assert.deepEqual(parseBaseUrl(input), { ok: true, url }));
  }

  const refused: Array<[string, string, RegExp]> = [
    [
      'empty',
      '',
      /No base URL is set.*uniqueAnalytics\.baseUrl.*https:\/\/gateway\.<cluster>\.unique\.app\/chat/,
    ],
    ['blank', '   ', /No base URL is set/],
    [
      'no scheme',
      'gateway.eu1.unique.app/chat',
      /no scheme.*https:\/\/gateway\.eu1\.unique\.app\/chat/,
    ],
    ['host:port without scheme', 'localhost:3000/chat', /no scheme/],
    [
      'http:// to a remote host',
      'http://gateway.eu1.unique.app/chat',
      /plain http:\/\/.*unencrypted.*https:\/\//,
    ],
    ['http:// to a private address', 'http://10.0.0.5/chat', /unencrypted/],
    ['http:// to a look-alike of localhost', 'http://localhost.evil.example/chat', /unencrypted/],
    ['ftp', 'ftp://gateway.eu1.unique.app/chat', /must start with https:\/\//],
    ['a file URL', 'file:///etc/passwd', /must start with https:\/\//],
    ['credentials', 'https://user:secret@gateway.eu1.unique.app/chat', /user name or password/],
    ['user only', 'https://user@gateway.eu1.unique.app/chat', /user name or password/],
    ['query', 'https://gateway.eu1.unique.app/chat?tenant=a', /query/],
    ['empty query', 'https://gateway.eu1.unique.app/chat?', /query/],
    ['fragment', 'https://gateway.eu1.unique.app/chat#x', /fragment/],
    ['spaces inside', 'https://gateway eu1.unique.app/chat', /spaces/],
    ['not a URL', 'https://', /not a valid URL|names no host/],
    ['the GraphQL URL', 'https://gateway.eu1.unique.app/chat/graphql', /ends with \/graphql/],
    ['an API URL', 'https://gateway.eu1.unique.app/chat/analytics/chat-interactions', /API path/],
  ];
  for (const [name, input, expected] of refused) {
    it(`refuses ${name}`, () => {
      const r = parseBaseUrl(input);
      assert.equal(r.ok, false);
      assert.match(r.message, expected);
    });
  }

  it('never throws; refusals explain, acceptances are clean https (or loopback http) URLs (10,000 runs)', () => {
    const host = fc.oneof(
      fc.domain(),
      fc.ipV4(),
      fc.ipV6().map((h) => `[${h}]`),
      fc.constantFrom('localhost', '127.0.0.1', '[::1]', 'LOCALHOST', '127.255.255.254'),
    );
    const structured = fc
      .record({
        scheme: fc.constantFrom(
          'https://',
          'http://',
          'HTTPS://',
          'ftp://',
          '',
          'https:/',
          'https:',
        ),
        auth: fc.constantFrom('', 'user@', 'user:pw@', ':@'),
        host,
        port: fc.option(
          fc.integer({ min: 0, max: 70000 }).map((p) => `:${p}`),
          { nil: '' },
        ),
        path: fc.webPath(),
        tail: fc.constantFrom('', '/', '?', '?a=1', '#', '#frag', '//'),
        pad: fc.constantFrom('', ' ', '\t', '\n '),
      })
      .map((r) => `${r.pad}${r.scheme}${r.auth}${r.host}${r.port}${r.path}${r.tail}${r.pad}`);
    const input = fc.oneof(
      structured,
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string(),
      fc.string({ unit: 'binary' }),
    );
    fc.assert(
      fc.property(input, (s) => {
        const r = parseBaseUrl(s);
        if (!r.ok) return typeof r.message === 'string' && r.message.trim().length > 10;
        const u = new URL(r.url);
        return (
          (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname))) &&
          !u.username &&
          !u.password &&
          !u.search &&
          !u.hash &&
          !r.url.endsWith('/') &&
          r.url === r.url.trim()
        );
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('parseGraphqlPath', () => {
  const accepted: Array<[string | undefined, string]> = [
    ['/graphql', '/graphql'],
    ['graphql', '/graphql'],
    ['  /graphql/  ', '/graphql'],
    ['', '/graphql'],
    [undefined, '/graphql'],
    ['/api/v2/graphql', '/api/v2/graphql'],
  ];
  for (const [input, path] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () =>
      assert.deepEqual(parseGraphqlPath(input), { ok: true, path }));
  }
  const refused: Array<[string, RegExp]> = [
    ['https://gateway.eu1.unique.app/chat/graphql', /not a full URL/],
    ['/graphql?x=1', /"\?"/],
    ['/graph ql', /spaces/],
    ['/../graphql', /not a usable path/],
    ['/a//b', /empty segment/],
    ['/', /not a usable path/],
  ];
  for (const [input, expected] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const r = parseGraphqlPath(input);
      assert.equal(r.ok, false);
      assert.match(r.message, expected);
    });
  }
});
