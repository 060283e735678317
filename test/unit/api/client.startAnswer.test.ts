// parseStartAnswer: every documented and plausible answer shape, clear failures for the rest, and a
// 10,000-run property test: it never throws anything but an ApiError with a non-empty message.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeOrderId, parseStartAnswer } from '../../../src/core/api/startAnswer';
import { ApiError } from '../../../src/core/errors';

const ID = 'analyticOrder_ltz4rirt5ej8v0yeu0owa5sg';

function failure(body: string, contentType?: string): ApiError {
  try {
    const id = parseStartAnswer(body, contentType);
    assert.fail(`expected a failure for ${JSON.stringify(body)}, got id ${id}`);
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
    assert.equal(e.kind, 'protocol');
    assert.ok(e.message.length > 0);
    return e;
  }
}

describe('parseStartAnswer', () => {
  const accepted: Array<[string, string, string | undefined]> = [
    ['bare id', ID, 'text/plain'],
    ['bare id with newline and spaces', `  ${ID}\n`, 'text/plain; charset=utf-8'],
    ['bare id with a byte-order mark', `\uFEFF${ID}`, undefined],
    ['bare id in single quotes', `'${ID}'`, undefined],
    ['JSON string', JSON.stringify(ID), 'application/json'],
    ['JSON string without content type', JSON.stringify(ID), undefined],
    ['JSON string with padding inside', JSON.stringify(` ${ID} `), 'application/json'],
    ['{ id }', JSON.stringify({ id: ID }), 'application/json'],
    ['{ orderId }', JSON.stringify({ orderId: ID }), 'application/json'],
    ['{ analyticsOrderId }', JSON.stringify({ analyticsOrderId: ID }), 'application/json'],
    ['{ data: { id } }', JSON.stringify({ data: { id: ID } }), 'application/json'],
    [
      '{ data: { analyticsOrder: { id } } }',
      JSON.stringify({ data: { analyticsOrder: { id: ID } } }),
      'application/json',
    ],
    [
      '{ order: { id }, status }',
      JSON.stringify({ status: 'PENDING', order: { id: ID, state: 'PENDING' } }),
      'application/json',
    ],
    [
      '{ id } with other fields',
      JSON.stringify({ id: ID, state: 'PENDING', type: 'CHAT_INTERACTION' }),
      'application/json',
    ],
    [
      'single-key wrapper',
      JSON.stringify({ analyticsOrderCreate: { id: ID } }),
      'application/json',
    ],
    ['uuid', '"3f2b8c1e-9d4a-4b6e-8f1a-2c3d4e5f6a7b"', 'application/json'],
    ['bare cuid', 'clx8b3k2p0000qz8h4f5g6h7j', 'text/plain'],
  ];
  for (const [name, body, type] of accepted) {
    it(`accepts ${name}`, () => {
      const id = parseStartAnswer(body, type);
      assert.ok(looksLikeOrderId(id));
      assert.equal(id, body.includes(ID) ? ID : id);
    });
  }

  const refused: Array<[string, string, string | undefined, RegExp]> = [
    ['an empty body', '', 'application/json', /empty/],
    ['whitespace only', ' \n\t ', undefined, /empty/],
    [
      'an HTML page',
      '<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>',
      'text/html',
      /HTML/,
    ],
    ['HTML without content type', '<html><body>oops</body></html>', undefined, /HTML/],
    ['JSON null', 'null', 'application/json', /null/],
    ['JSON true', 'true', 'application/json', /boolean/],
    ['a JSON number', '12345', 'application/json', /number/],
    ['a JSON list', JSON.stringify([ID]), 'application/json', /list/],
    [
      'an object without id',
      JSON.stringify({ state: 'PENDING' }),
      'application/json',
      /without an order id/,
    ],
    [
      'an error object',
      JSON.stringify({ statusCode: 400, message: 'endDate must be after startDate' }),
      'application/json',
      /endDate must be after startDate/,
    ],
    [
      'GraphQL-style errors',
      JSON.stringify({ errors: [{ message: 'Forbidden resource' }] }),
      'application/json',
      /Forbidden resource/,
    ],
    ['a word', 'OK', 'text/plain', /not an order id/],
    ['a sentence', 'Export started successfully', 'text/plain', /not an order id/],
    ['a JSON string that is not an id', '"Created"', 'application/json', /not an order id/],
    ['an id with spaces', '"analytic Order_1"', 'application/json', /not an order id/],
    ['malformed JSON', '{"id": "analyticOrder_', 'application/json', /malformed JSON/],
    [
      'an id in a non-id field',
      JSON.stringify({ message: ID + ' x' }),
      'application/json',
      /message instead/,
    ],
  ];
  for (const [name, body, type, expected] of refused) {
    it(`refuses ${name} with a clear message`, () => {
      const e = failure(body, type);
      assert.match(e.message, expected);
      assert.match(e.message, /Expected the id of the new order/);
      assert.equal(e.details.endpoint, 'start export');
    });
  }

  it('quotes long answers shortened, on one line', () => {
    const body = `<html><body>${'x'.repeat(5000)}\n${'y'.repeat(5000)}</body></html>`;
    const e = failure(body);
    assert.ok(e.message.length < 500, `message of ${e.message.length} characters`);
    assert.doesNotMatch(e.message, /\n/);
  });

  it('never throws anything but an ApiError with a message, on 10,000 arbitrary answers', () => {
    const idLike = fc.stringMatching(/^[A-Za-z0-9_.:-]{0,40}$/);
    const jsonish = fc.jsonValue().map((v) => JSON.stringify(v) ?? '');
    const wrapped = fc
      .record({
        key: fc.constantFrom('id', 'orderId', 'analyticsOrderId', 'data', 'order', 'message', 'x'),
        value: fc.oneof(idLike, fc.jsonValue()),
      })
      .map(({ key, value }) => JSON.stringify({ [key]: value }));
    const nested = fc.integer({ min: 0, max: 2000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
    const deepObj = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => '{"data":'.repeat(n) + '"x_1"' + '}'.repeat(n));
    const body = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      idLike,
      jsonish,
      wrapped,
      nested,
      deepObj,
      fc.constant(''),
      // Around the 64 KiB reading limit, cheaply.
      fc
        .tuple(fc.integer({ min: 60_000, max: 70_000 }), fc.constantFrom('a', '1_', ' ', '"', '{'))
        .map(([n, c]) => c.repeat(n)),
      fc
        .integer({ min: 65_000, max: 66_000 })
        .map((n) => JSON.stringify({ pad: 'p'.repeat(n), id: ID })),
    );
    const contentType = fc.option(
      fc.oneof(
        fc.constantFrom('application/json', 'text/plain', 'text/html', 'text/csv'),
        fc.string(),
      ),
      {
        nil: undefined,
      },
    );
    fc.assert(
      fc.property(body, contentType, (b, t) => {
        try {
          const id = parseStartAnswer(b, t);
          return typeof id === 'string' && looksLikeOrderId(id);
        } catch (e) {
          return (
            e instanceof ApiError &&
            e.kind === 'protocol' &&
            typeof e.message === 'string' &&
            e.message.trim().length > 0
          );
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
