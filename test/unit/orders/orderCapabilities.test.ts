// orderCapabilities: which actions each order allows, and the contextValue menus match word by word.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orderFromWire, type Order } from '../../../src/core/orders/order';
import {
  CAPABILITY_TOKENS,
  CONTEXT_VALUE_TOKENS,
  capabilitiesOf,
  contextValueFor,
  loadMoreContextValue,
  repeatRequest,
  retryRequest,
} from '../../../src/core/orders/orderCapabilities';

const WINDOW = { startDate: '2024-05-02T22:00:00.000Z', endDate: '2024-06-02T21:59:59.999Z' };

function order(state: string, type = 'CHAT_INTERACTION', configuration: unknown = WINDOW): Order {
  return orderFromWire({
    id: 'analyticOrder_1',
    type,
    state,
    createdAt: '2024-06-02T19:18:57.753Z',
    configuration,
  });
}

const placeholder: Order = {
  ...order('PENDING'),
  window: undefined,
  optimistic: { requestedRange: { start: '2024-05-03', end: '2024-06-02' } },
};

describe('orderCapabilities', () => {
  it('contextValue per state', () => {
    const no = { downloaded: false };
    assert.equal(
      contextValueFor(order('DONE'), no),
      'order canOpen canSave canDelete canCopyId canRepeat',
    );
    assert.equal(
      contextValueFor(order('DONE'), { downloaded: true }),
      'order canOpen canSave canDelete canCopyId canRepeat downloaded',
    );
    assert.equal(contextValueFor(order('RUNNING'), no), 'order canDelete canCopyId unfinished');
    assert.equal(contextValueFor(order('PENDING'), no), 'order canDelete canCopyId unfinished');
    assert.equal(contextValueFor(order('ERROR'), no), 'order canDelete canCopyId canRetry');
    assert.equal(
      contextValueFor(order('QUEUED_SOMEWHERE'), no),
      'order canDelete canCopyId unfinished',
    );
    assert.equal(contextValueFor(order('CANCELLED'), no), 'order canDelete canCopyId canRetry');
    assert.equal(contextValueFor(placeholder, no), 'order canCopyId unfinished');
  });

  it('repeat: the adjacent window of the same length, a calendar month as a month; only DONE orders', () => {
    // 3 May – 2 June 2024 (31 days): the next 31 days, the previous 31 days.
    assert.deepEqual(repeatRequest(order('DONE'), 'next'), {
      type: 'CHAT_INTERACTION',
      range: { start: '2024-06-03', end: '2024-07-03' },
    });
    assert.deepEqual(repeatRequest(order('DONE'), 'previous')?.range, {
      start: '2024-04-02',
      end: '2024-05-02',
    });
    // February 2024 (Zurich days) → March, and back to January.
    const feb = order('DONE', 'ACTIVE_USER', {
      startDate: '2024-01-31T23:00:00.000Z',
      endDate: '2024-02-29T22:59:59.999Z',
    });
    assert.deepEqual(repeatRequest(feb, 'next')?.range, { start: '2024-03-01', end: '2024-03-31' });
    assert.deepEqual(repeatRequest(feb, 'previous')?.range, {
      start: '2024-01-01',
      end: '2024-01-31',
    });
    assert.equal(repeatRequest(order('ERROR'), 'next'), undefined);
    assert.equal(
      repeatRequest(order('DONE', 'CHAT_INTERACTION', {}), 'next'),
      undefined,
      'no window',
    );
    assert.equal(
      repeatRequest(order('DONE', 'NPS'), 'next'),
      undefined,
      'not startable internally',
    );
    assert.equal(repeatRequest(order('DONE', 'NPS'), 'next', 'public')?.type, 'NPS');
  });

  it('a CSV already on disk can be opened even if the server no longer says DONE', () => {
    const caps = capabilitiesOf(order('ERROR'), { downloaded: true });
    assert.equal(caps.canOpen, true);
    assert.equal(caps.canSave, false);
  });

  it('retry repeats kind and Zurich days of a failed startable order', () => {
    assert.deepEqual(retryRequest(order('ERROR')), {
      type: 'CHAT_INTERACTION',
      range: { start: '2024-05-03', end: '2024-06-02' },
    });
    assert.deepEqual(retryRequest(order('failed', 'active_user'))?.type, 'ACTIVE_USER');
  });

  it('no retry for DONE, unfinished, kinds the API cannot start, unknown windows or placeholders', () => {
    assert.equal(retryRequest(order('DONE')), undefined);
    assert.equal(retryRequest(order('RUNNING')), undefined);
    assert.equal(retryRequest(order('ERROR', 'INGESTION_STAT')), undefined);
    assert.equal(retryRequest(order('ERROR', 'SOMETHING_NEW')), undefined);
    assert.equal(retryRequest(order('ERROR', 'CHAT_INTERACTION', 'garbage')), undefined);
    assert.equal(
      retryRequest({ ...placeholder, state: { known: 'ERROR', raw: 'ERROR' } }),
      undefined,
    );
  });

  it('on the Public API, retry covers all nine kinds and keeps the assistant filter', () => {
    assert.deepEqual(retryRequest(order('ERROR', 'INGESTION_STAT'), 'public'), {
      type: 'INGESTION_STAT',
      range: { start: '2024-05-03', end: '2024-06-02' },
    });
    const forAssistant = order('ERROR', 'NPS', { ...WINDOW, assistantId: 'space_42' });
    assert.deepEqual(retryRequest(forAssistant, 'public'), {
      type: 'NPS',
      range: { start: '2024-05-03', end: '2024-06-02' },
      assistantId: 'space_42',
    });
    const chatForAssistant = order('ERROR', 'CHAT_INTERACTION', {
      ...WINDOW,
      assistantId: 'space_42',
    });
    assert.equal(
      retryRequest(chatForAssistant, 'internal'),
      undefined,
      'the internal surface cannot repeat an assistant filter: no retry rather than all assistants',
    );
    assert.equal(
      retryRequest(chatForAssistant),
      undefined,
      'the default surface is the internal one',
    );
    assert.equal(retryRequest(order('ERROR', 'SOMETHING_NEW'), 'public'), undefined);
  });

  it('whole-word menu regexes match exactly the capabilities that hold', () => {
    const samples: [Order, boolean][] = [
      [order('DONE'), false],
      [order('DONE'), true],
      [order('RUNNING'), false],
      [order('ERROR'), true],
      [order('WHATEVER'), false],
      [placeholder, false],
    ];
    for (const [o, downloaded] of samples) {
      const value = contextValueFor(o, { downloaded });
      const caps = capabilitiesOf(o, { downloaded });
      for (const token of CAPABILITY_TOKENS) {
        assert.equal(
          new RegExp(`\\b${token}\\b`).test(value),
          caps[token],
          `${token} in "${value}"`,
        );
      }
      assert.match(value, /^order\b/);
      for (const word of value.split(' '))
        assert.ok((CONTEXT_VALUE_TOKENS as readonly string[]).includes(word), word);
    }
  });

  it("the load-more row gets none of the manifest's order menus", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const itemMenus = manifest.contributes.menus['view/item/context'];
    assert.ok(itemMenus.length > 0);
    for (const m of itemMenus) {
      const re = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(m.when ?? '');
      assert.ok(re, `${m.command}: its when clause matches the row's contextValue`);
      assert.doesNotMatch(loadMoreContextValue, new RegExp(re[1]), m.command);
    }
  });

  it('tokens are distinct words, none a word-boundary match inside another', () => {
    assert.equal(new Set(CONTEXT_VALUE_TOKENS).size, CONTEXT_VALUE_TOKENS.length);
    for (const a of CONTEXT_VALUE_TOKENS) {
      assert.match(a, /^[A-Za-z]+$/);
      for (const b of CONTEXT_VALUE_TOKENS)
        if (a !== b) assert.doesNotMatch(b, new RegExp(`\\b${a}\\b`));
    }
  });
});
