// graphqlLite stands in for `graphql` in the extension bundle (esbuild.mjs). These tests hold it to graphql's own
// parse() on what graphql-request reads (operation type and name), for our documents, tricky ones and generated ones,
// and bundle graphql-request with it the way esbuild.mjs does, to check the requests it builds are the same.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { Kind as RealKind, parse as realParse } from 'graphql';
import * as realGraphqlRequest from 'graphql-request';
import type * as GraphqlRequest from 'graphql-request';
import * as documents from '../../../src/core/api/graphqlDocuments';
import { Kind, parse as liteParse, print as litePrint } from '../../../src/core/api/graphqlLite';
import { startFakeServer, type FakeServer } from '../../fakeServer/server';

const LITE = resolve('src', 'core', 'api', 'graphqlLite.ts');

/** Every GraphQL document the extension sends (each string export of graphqlDocuments.ts). */
const OUR_DOCUMENTS: [string, string][] = Object.entries(documents as Record<string, unknown>).flatMap(([k, v]) =>
  typeof v === 'string' ? [[k, v] as [string, string]] : [],
);

/** What graphql-request takes from a parsed document: the top-level definitions' kind, operation and name. */
function outline(doc: { definitions: readonly unknown[] }): unknown[] {
  return doc.definitions.map((d) => {
    const def = d as { kind: string; operation?: string; name?: { value: string } };
    return [def.kind, def.operation, def.name?.value];
  });
}

/** outline() of both parsers, or the word 'throws' for the one that throws. */
function both(source: string): { real: unknown; lite: unknown } {
  const run = (p: (s: string) => { definitions: readonly unknown[] }): unknown => {
    try {
      return outline(p(source));
    } catch {
      return 'throws';
    }
  };
  return { real: run(realParse), lite: run(liteParse) };
}

const TRICKY: readonly string[] = [
  'query Q { a }',
  '{ a }',
  'query { a }',
  'mutation M($id: String!) { del(id: $id) { id } }',
  'subscription S { changed }',
  'query query { query }',
  '\uFEFF  ,,\r\n# comment { with ( brackets "and quotes\nquery Q { a }',
  'query Q($a: In = {x: [1, 2.5e3, "}"], y: {z: null}}, $b: [String!]! = ["a"]) @d(if: {k: "{"}) { a(s: "} # not a comment") }',
  'query Q { a(s: """block } with \\""" and "" quotes\n and { braces""") }',
  'query Q { a(s: "escaped \\" quote }") }',
  'fragment F on Order { id } query Q { ...F }',
  'query A { a } query B { b }',
  'query A { a } mutation { b }',
  'query Q { a { b { c(d: [[{e: "f"}]]) } } ... on X @skip(if: true) { y } }',
  'query Q# trailing comment',
  'query Q { a } # comment at the end',
  'query\tQ\r{a}',
  '',
  '   # only a comment',
  '"description" query Q { a }',
  '"""block description""" mutation { a }',
  '"d" fragment F on T { a } query Q { ...F }',
  '"d" { a }',
  '"d" "e" query Q { a }',
  'query Q { a',
  'query Q { a ) }',
  'query Q { a(s: "unterminated) }',
  'query Q { a(s: """unterminated) }',
  'query Q { a(s: "line\nbreak") }',
  'Query Q { a }',
  'queryQ { a }',
  'fragment on on X { a }',
  'query Q',
  'query Q ($a: Int)',
];

/** Type-system definitions, which graphql reads and no request carries: graphqlLite throws on them. */
const SDL: readonly string[] = ['type Query { a: Int }', 'scalar Date', 'type A { a: Int } query Q { a }', 'extend schema @x'];

describe('graphqlLite (graphql stand-in for the extension bundle)', () => {
  it('reads every document we send as graphql does, and graphql-request sees one named operation in each', () => {
    assert.ok(OUR_DOCUMENTS.length >= 2, 'expected the documents of graphqlDocuments.ts');
    for (const [name, source] of OUR_DOCUMENTS) {
      const { real, lite } = both(source);
      assert.deepEqual(lite, real, name);
      assert.equal((real as unknown[]).length, 1, `${name} holds one operation`);
    }
  });

  it('agrees with graphql on comments, strings, block strings, brackets inside values, fragments and several operations', () => {
    for (const source of TRICKY.filter((s) => both(s).real !== 'throws')) {
      assert.deepEqual(both(source).lite, both(source).real, JSON.stringify(source));
    }
  });

  it('throws where graphql throws on these documents (so graphql-request sends no operationName with either)', () => {
    const rejected = TRICKY.filter((s) => both(s).real === 'throws');
    assert.ok(rejected.length >= 10, `expected invalid documents in the list, found ${rejected.length}`);
    for (const source of rejected) assert.equal(both(source).lite, 'throws', JSON.stringify(source));
  });

  it('throws on type-system definitions (SDL), which graphql reads but which are not requests', () => {
    for (const source of SDL) {
      assert.notEqual(both(source).real, 'throws', JSON.stringify(source));
      assert.equal(both(source).lite, 'throws', JSON.stringify(source));
    }
  });

  it('agrees with graphql on generated valid documents', () => {
    fc.assert(
      fc.property(documentArb, (source) => {
        const { real, lite } = both(source);
        assert.notEqual(real, 'throws', `the generator made a document graphql rejects: ${JSON.stringify(source)}`);
        assert.deepEqual(lite, real, JSON.stringify(source));
      }),
      { numRuns: 400 },
    );
  });

  it('with one character removed from a valid document: where graphql reads it, it reads the same', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), (source, at) => {
        const cut = source.slice(0, at % (source.length || 1)) + source.slice((at % (source.length || 1)) + 1);
        const { real, lite } = both(cut);
        if (real !== 'throws') assert.deepEqual(lite, real, JSON.stringify(cut));
      }),
      { numRuns: 400 },
    );
  });

  it("has graphql's values for every Kind graphql-request uses, and refuses to print", () => {
    const used = new Set<string>();
    const build = resolve('node_modules', 'graphql-request', 'build');
    for (const f of readdirSync(build, { recursive: true }).map(String)) {
      if (!f.endsWith('.js')) continue;
      for (const m of readFileSync(join(build, f), 'utf8').matchAll(/\bKind\.([A-Z_]+)/g)) used.add(m[1]);
    }
    assert.ok(used.has('OPERATION_DEFINITION'), `graphql-request's Kind uses: ${[...used].join(', ')}`);
    const lite: Record<string, string> = Kind;
    const real: Record<string, string> = RealKind;
    for (const k of used) assert.equal(lite[k], real[k], `Kind.${k}`);
    for (const [k, v] of Object.entries(lite)) assert.equal(v, real[k], `Kind.${k}`);
    assert.throws(() => litePrint(), /pass GraphQL documents as strings/);
  });

  describe('graphql-request bundled with it, as esbuild.mjs does', () => {
    let dir: string;
    let lite: typeof GraphqlRequest;
    let server: FakeServer;
    let graphqlInputs: string[];

    before(async () => {
      // Same alias as esbuild.mjs (checked below) and the same mainFields, so the same graphql-request files.
      const alias = /alias:\s*\{\s*graphql:\s*'([^']+)'\s*\}/.exec(readFileSync('esbuild.mjs', 'utf8'));
      assert.ok(alias, 'esbuild.mjs no longer aliases graphql');
      assert.equal(resolve(alias[1]), LITE);
      const out = await esbuild.build({
        stdin: { contents: "export { GraphQLClient, analyzeDocument } from 'graphql-request';", resolveDir: process.cwd() },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        mainFields: ['module', 'main'],
        alias: { graphql: LITE },
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      graphqlInputs = Object.keys(out.metafile.inputs).filter((p) => /node_modules\/graphql\//.test(p));
      dir = mkdtempSync(join(tmpdir(), 'ua-graphql-lite-'));
      const file = join(dir, 'graphql-request-lite.cjs');
      writeFileSync(file, out.outputFiles[0].text);
      lite = createRequire(file)(file) as typeof GraphqlRequest;
      server = await startFakeServer();
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await server?.stop();
    });

    it('leaves graphql out of the bundle', () => {
      assert.deepEqual(graphqlInputs, []);
    });

    it('analyses each of our documents exactly as graphql-request with graphql does', () => {
      for (const [name, source] of OUR_DOCUMENTS) {
        assert.deepEqual(lite.analyzeDocument(source), realGraphqlRequest.analyzeDocument(source), name);
      }
      for (const source of TRICKY) {
        assert.deepEqual(lite.analyzeDocument(source), realGraphqlRequest.analyzeDocument(source), JSON.stringify(source));
      }
    });

    it('sends the same request bodies over real HTTP, and the fake server lists and deletes with them', async () => {
      const exchange = async (client: typeof GraphqlRequest): Promise<{ sent: string[]; listed: number; deleted: string }> => {
        server.reset();
        server.seedMany(3);
        const victim = server.orders()[0].id;
        const sent: string[] = [];
        const fetchAndRecord = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
          assert.equal(typeof init?.body, 'string', 'graphql-request sends a JSON string body');
          sent.push(init?.body as string);
          return fetch(input, init);
        };
        const c = new client.GraphQLClient(`${server.url}/graphql`, {
          fetch: fetchAndRecord,
          headers: { authorization: `Bearer ${server.token}` },
        });
        const list = await c.request<{ analyticsOrders: { id: string }[] }>(documents.ANALYTICS_ORDERS_QUERY, {
          orderBy: [{ createdAt: 'desc' }],
          skip: 0,
          take: 20,
        });
        const del = await c.request<{ analyticsOrderDelete: { id: string } }>(documents.ANALYTICS_ORDER_DELETE_MUTATION, {
          orderId: victim,
        });
        assert.equal(server.order(victim), undefined, 'the order is gone from the server');
        // Ids differ between the two runs (fresh seed): compare the bodies with the id replaced.
        return {
          sent: sent.map((b) => b.split(victim).join('<id>')),
          listed: list.analyticsOrders.length,
          deleted: del.analyticsOrderDelete.id === victim ? '<id>' : del.analyticsOrderDelete.id,
        };
      };
      const withLite = await exchange(lite);
      assert.deepEqual({ listed: withLite.listed, deleted: withLite.deleted }, { listed: 3, deleted: '<id>' });
      const operationNames = withLite.sent.map((b) => (JSON.parse(b) as { operationName?: string }).operationName);
      assert.deepEqual(operationNames, ['AnalyticsOrders', 'AnalyticsOrderDelete']);
      assert.deepEqual(withLite, await exchange(realGraphqlRequest));
    });
  });
});

// --- generated valid documents (graphql's grammar for executable documents, small) ------------------------------------

const ignored = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r\n', ',', '# a { comment ( with "quotes" and ] brackets\n', '\uFEFF'), {
    maxLength: 3,
  })
  .map((parts) => parts.join(''));
const gap = fc.tuple(fc.constantFrom(' ', '\n', ','), ignored).map(([a, b]) => a + b);
const nameArb = fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,6}$/);
const stringArb = fc
  .array(fc.constantFrom('a', ' ', '{', '}', '(', ')', '[', '#', '\\"', '\\\\', '\\n', '\\u00e9', ','), { maxLength: 6 })
  .map((parts) => `"${parts.join('')}"`);
const blockStringArb = fc
  .array(fc.constantFrom('a', ' ', '{', '}', '(', '\n', '#', '\\"""', '"x', '""x', '\\x'), { maxLength: 6 })
  .map((parts) => `"""${parts.join('')}"""`);

/** graphql 16.15 reads a description before an operation or a fragment (not before a shorthand `{ ... }`). */
const descriptionArb = fc.option(
  fc.tuple(fc.oneof(stringArb, blockStringArb), gap).map(([d, g]) => d + g),
  { nil: '' },
);
function valueArb(depth: number, constant: boolean): fc.Arbitrary<string> {
  const leaves: fc.Arbitrary<string>[] = [
    fc.constantFrom('1', '-2', '0.5', '3e10', '1.5E-3', 'true', 'false', 'null', 'RED'),
    stringArb,
    blockStringArb,
  ];
  if (!constant) leaves.push(nameArb.map((n) => `$${n}`));
  if (depth <= 0) return fc.oneof(...leaves);
  const inner = valueArb(depth - 1, constant);
  return fc.oneof(
    ...leaves,
    fc.array(inner, { maxLength: 3 }).map((vs) => `[${vs.join(', ')}]`),
    fc.array(fc.tuple(nameArb, inner), { maxLength: 3 }).map((fs) => `{${fs.map(([k, v]) => `${k}: ${v}`).join(' ')}}`),
  );
}
const argsArb = fc
  .array(fc.tuple(nameArb, valueArb(2, false)), { minLength: 1, maxLength: 3 })
  .map((as) => `(${as.map(([k, v]) => `${k}: ${v}`).join(', ')})`);
const directivesArb = fc
  .array(fc.tuple(nameArb, fc.option(argsArb, { nil: '' })), { maxLength: 2 })
  .map((ds) => ds.map(([n, a]) => ` @${n}${a}`).join(''));

function selectionSetArb(depth: number): fc.Arbitrary<string> {
  const field = fc
    .tuple(
      fc.option(
        nameArb.map((a) => `${a}: `),
        { nil: '' },
      ),
      nameArb,
      fc.option(argsArb, { nil: '' }),
      directivesArb,
      depth > 0 ? fc.option(selectionSetArb(depth - 1), { nil: '' }) : fc.constant(''),
    )
    .map(([alias, n, args, dirs, sub]) => `${alias}${n}${args}${dirs}${sub ? ` ${sub}` : ''}`);
  const spread = nameArb.filter((n) => n !== 'on').map((n) => `...${n}`);
  const inline =
    depth > 0 ? fc.tuple(nameArb, selectionSetArb(depth - 1)).map(([t, s]) => `... on ${t} ${s}`) : fc.constant('...on T { x }');
  return fc
    .tuple(fc.array(fc.oneof(field, field, spread, inline), { minLength: 1, maxLength: 3 }), ignored)
    .map(([sels, pad]) => `{${pad}${sels.join(' ')}${pad}}`);
}

const typeArb = fc
  .tuple(nameArb, fc.boolean(), fc.boolean())
  .map(([n, list, nonNull]) => `${list ? `[${n}!]` : n}${nonNull ? '!' : ''}`);
const variablesArb = fc
  .array(fc.tuple(descriptionArb, nameArb, typeArb, fc.option(valueArb(1, true), { nil: undefined })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((vs) => `(${vs.map(([desc, n, t, d]) => `${desc}$${n}: ${t}${d === undefined ? '' : ` = ${d}`}`).join(', ')})`);

const operationArb = fc.oneof(
  selectionSetArb(2),
  fc
    .tuple(
      descriptionArb,
      fc.constantFrom('query', 'mutation', 'subscription'),
      fc.option(nameArb, { nil: '' }),
      fc.option(variablesArb, { nil: '' }),
      directivesArb,
      selectionSetArb(2),
      gap,
    )
    .map(([desc, op, n, vars, dirs, sel, g]) => `${desc}${op}${n ? `${g}${n}` : ''}${vars}${dirs} ${sel}`),
  fc
    .tuple(
      descriptionArb,
      nameArb.filter((n) => n !== 'on'),
      nameArb,
      directivesArb,
      selectionSetArb(2),
    )
    .map(([desc, n, t, dirs, sel]) => `${desc}fragment ${n} on ${t}${dirs} ${sel}`),
);

const documentArb = fc
  .tuple(ignored, fc.array(fc.tuple(operationArb, ignored), { minLength: 1, maxLength: 3 }))
  .map(([lead, defs]) => lead + defs.map(([d, pad]) => `${d}\n${pad}`).join(''));
