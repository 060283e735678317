// orderFromWire and friends (src/core/orders/order.ts): wire data mapped once, unknown values kept, bad data refused clearly.
import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/errors';
import {
  EXPORT_KINDS,
  KNOWN_TYPES,
  canStart,
  exportKind,
  exportKindsFor,
  findExportKind,
  isFinal,
  isUnfinished,
  orderFromWire,
  preview,
  stateLabel,
  toState,
  toType,
  typeLabel,
} from '../../../src/core/orders/order';

const DOC_EXAMPLE = {
  updatedAt: '2024-06-02T19:18:58.960Z',
  type: 'CHAT_INTERACTION',
  stateUpdatedAt: '2024-06-02T19:18:58.959Z',
  id: 'analyticOrder_ltz4rirt5ej8v0yeu0owa5sg',
  state: 'DONE',
  createdBy: '268834226248482823',
  createdAt: '2024-06-02T19:18:57.753Z',
  configuration: { endDate: '2024-06-02T21:59:59.999Z', startDate: '2024-05-02T22:00:00.000Z' },
  companyId: '268834226248417287',
};

function protocolError(field: string): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.kind, 'protocol');
    assert.equal(e.details.field, field);
    assert.match(e.message, /analyticsOrders/);
    return true;
  };
}

describe('orderFromWire', () => {
  it('maps the documented example', () => {
    const o = orderFromWire(DOC_EXAMPLE);
    assert.equal(o.id, DOC_EXAMPLE.id);
    assert.deepEqual(o.type, { known: 'CHAT_INTERACTION', raw: 'CHAT_INTERACTION' });
    assert.deepEqual(o.state, { known: 'DONE', raw: 'DONE' });
    assert.equal(o.createdAt, DOC_EXAMPLE.createdAt);
    assert.equal(o.updatedAt, DOC_EXAMPLE.updatedAt);
    assert.equal(o.stateUpdatedAt, DOC_EXAMPLE.stateUpdatedAt);
    assert.equal(o.createdBy, DOC_EXAMPLE.createdBy);
    assert.equal(o.companyId, DOC_EXAMPLE.companyId);
    assert.deepEqual(o.window, {
      start: '2024-05-02T22:00:00.000Z',
      end: '2024-06-02T21:59:59.999Z',
    });
    assert.equal(o.optimistic, undefined);
  });

  it('keeps unknown states and types verbatim', () => {
    const o = orderFromWire({ ...DOC_EXAMPLE, state: 'Archiving', type: 'SOMETHING_NEW' });
    assert.deepEqual(o.state, { known: undefined, raw: 'Archiving' });
    assert.deepEqual(o.type, { known: undefined, raw: 'SOMETHING_NEW' });
    assert.equal(stateLabel(o.state), 'Archiving');
    assert.equal(typeLabel(o.type), 'SOMETHING_NEW');
    assert.equal(isUnfinished(o), true, 'an unknown state keeps being watched');
  });

  it('recognises known values in any case but keeps the raw spelling', () => {
    assert.deepEqual(toState('running'), { known: 'RUNNING', raw: 'running' });
    assert.deepEqual(toType('Active_User'), { known: 'ACTIVE_USER', raw: 'Active_User' });
  });

  it('missing or empty state/type degrade to unknown, never throw', () => {
    const o = orderFromWire({ id: 'x' });
    assert.deepEqual(o.state, { known: undefined, raw: '' });
    assert.equal(stateLabel(o.state), 'Unknown');
    assert.equal(typeLabel(o.type), 'Unknown export');
    assert.equal(o.window, undefined);
    assert.equal(o.configuration, undefined);
  });

  it('configuration as a JSON string', () => {
    const o = orderFromWire({
      ...DOC_EXAMPLE,
      configuration: JSON.stringify(DOC_EXAMPLE.configuration),
    });
    assert.deepEqual(o.window, {
      start: '2024-05-02T22:00:00.000Z',
      end: '2024-06-02T21:59:59.999Z',
    });
    assert.deepEqual(o.configuration, DOC_EXAMPLE.configuration);
  });

  it('configuration that is garbage, or JSON but not an object, is kept raw without a window', () => {
    for (const garbage of ['{not json', '42', '[1,2]', 'null', '"a string"']) {
      const o = orderFromWire({ ...DOC_EXAMPLE, configuration: garbage });
      assert.deepEqual(o.configuration, { raw: garbage }, garbage);
      assert.equal(o.window, undefined);
    }
    for (const odd of [null, 42, [1, 2], true]) {
      const o = orderFromWire({ ...DOC_EXAMPLE, configuration: odd });
      assert.equal(o.configuration, undefined, JSON.stringify(odd));
      assert.equal(o.window, undefined);
    }
  });

  it('keeps extra configuration fields and half a window', () => {
    const o = orderFromWire({
      ...DOC_EXAMPLE,
      configuration: { startDate: '2024-05-02T22:00:00.000Z', endDate: 'soon', extra: 1 },
    });
    assert.deepEqual(o.window, { start: '2024-05-02T22:00:00.000Z', end: undefined });
    assert.equal(o.configuration?.extra, 1);
  });

  it('drops dates that are not dates and ignores unknown fields', () => {
    const o = orderFromWire({
      ...DOC_EXAMPLE,
      createdAt: 'yesterday-ish',
      updatedAt: '',
      stateUpdatedAt: {},
      brandNew: [1],
    });
    assert.equal(o.createdAt, undefined);
    assert.equal(o.updatedAt, undefined);
    assert.equal(o.stateUpdatedAt, undefined);
    assert.ok(!('brandNew' in o));
  });

  it('a numeric id becomes a string', () => {
    assert.equal(orderFromWire({ id: 12345 }).id, '12345');
  });

  it('an order without a usable id is a protocol error naming the field', () => {
    for (const id of [undefined, null, '', {}, ['x'], true]) {
      const wire = { ...DOC_EXAMPLE, id };
      assert.throws(() => orderFromWire(wire), protocolError('id'), JSON.stringify(id));
    }
  });

  it('a non-object is a protocol error', () => {
    for (const wire of [null, 'order', 42, [DOC_EXAMPLE]]) {
      assert.throws(() => orderFromWire(wire), protocolError('order'));
    }
  });

  it('names the endpoint it was given', () => {
    assert.throws(() => orderFromWire({}, 'analyticsOrderDelete'), /analyticsOrderDelete/);
  });
});

describe('order states', () => {
  it('DONE and ERROR are final; PENDING and RUNNING are not', () => {
    assert.equal(isFinal(toState('DONE')), true);
    assert.equal(isFinal(toState('ERROR')), true);
    assert.equal(isFinal(toState('PENDING')), false);
    assert.equal(isFinal(toState('RUNNING')), false);
  });

  it('unknown states are unfinished unless their name says they ended', () => {
    for (const s of [
      'CANCELLED',
      'canceled',
      'FAILED',
      'EXPIRED',
      'DELETED',
      'ABORTED',
      'COMPLETED',
    ])
      assert.equal(isFinal(toState(s)), true, s);
    for (const s of ['QUEUED', 'SCHEDULED', '', 'CANCELLING'])
      assert.equal(isFinal(toState(s)), false, s);
  });
});

describe('preview', () => {
  it('renders anything on one short line without throwing', () => {
    assert.equal(preview(undefined), 'nothing');
    assert.equal(preview('a\nb'), '"a\\nb"');
    assert.equal(preview({ a: 1 }), '{"a":1}');
    assert.equal(preview(Symbol('s')), 'Symbol(s)');
    assert.match(
      preview(() => 1),
      /=>/,
    );
    assert.equal(preview(10n), '10');
    const long = preview('x'.repeat(500));
    assert.equal(long.length, 121);
    assert.ok(long.endsWith('…'));
  });
});

describe('export kinds table', () => {
  it('has all nine kinds once; the internal four with a REST path, the rest Public API only', () => {
    assert.deepEqual([...EXPORT_KINDS.map((k) => k.type)].sort(), [...KNOWN_TYPES].sort());
    for (const k of EXPORT_KINDS) {
      assert.ok(k.surfaces.includes('public'), `${k.type}: the Public API starts every kind`);
      assert.equal(k.surfaces.includes('internal'), k.path !== undefined, k.type);
      assert.equal(k.maxDays, k.type === 'CHAT_INTERACTION_DETAILED' ? 14 : 365, k.type);
      assert.equal(typeLabel(toType(k.type)), k.label);
      assert.equal(canStart('public', k.type), true);
    }
    assert.deepEqual(
      exportKindsFor('internal').map((k) => k.type),
      ['CHAT_INTERACTION', 'ACTIVE_USER', 'REFERENCE_STAT', 'CHAT_INTERACTION_DETAILED'],
    );
    assert.equal(exportKindsFor('public').length, 9);
    assert.equal(canStart('internal', 'USER_CHAT_EXPORT'), false);
    assert.equal(findExportKind('nps'), undefined, 'types are exact');
    assert.equal(findExportKind(42), undefined);
    assert.equal(exportKind('NPS').label, 'Net promoter score');
  });
});
