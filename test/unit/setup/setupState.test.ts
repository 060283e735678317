// decideSetupState: which welcome content the view shows, settings first, then token, then the server.
import * as assert from 'node:assert/strict';
import { ApiError, type ApiErrorKind } from '../../../src/core/errors';
import {
  SETUP_STATES,
  decideSetupState,
  type SetupState,
} from '../../../src/core/setup/setupState';

const ready = { baseUrlSet: true, baseUrlValid: true, hasToken: true };

describe('decideSetupState', () => {
  it('settings come before the token, the token before errors', () => {
    const err = new ApiError('unauthorized', 'x');
    assert.equal(
      decideSetupState({ baseUrlSet: false, baseUrlValid: false, hasToken: false, lastError: err }),
      'noBaseUrl',
    );
    assert.equal(
      decideSetupState({ baseUrlSet: true, baseUrlValid: false, hasToken: true, lastError: err }),
      'badBaseUrl',
    );
    assert.equal(
      decideSetupState({ baseUrlSet: true, baseUrlValid: true, hasToken: false, lastError: err }),
      'noToken',
    );
    assert.equal(decideSetupState(ready), 'ready');
  });

  it('maps every ApiError kind', () => {
    const expected: Record<ApiErrorKind, SetupState> = {
      notConfigured: 'noToken',
      badConfiguration: 'badBaseUrl',
      unauthorized: 'tokenRejected',
      forbidden: 'forbidden',
      notFound: 'badBaseUrl',
      rateLimited: 'ready',
      server: 'ready',
      network: 'offline',
      protocol: 'ready',
      cancelled: 'ready',
    };
    for (const [kind, state] of Object.entries(expected) as [ApiErrorKind, SetupState][]) {
      assert.equal(decideSetupState({ ...ready, lastError: new ApiError(kind, 'm') }), state, kind);
    }
  });

  it('anything that is not an ApiError leaves the view ready', () => {
    assert.equal(decideSetupState({ ...ready, lastError: new Error('bug') }), 'ready');
    assert.equal(decideSetupState({ ...ready, lastError: 'string' }), 'ready');
    assert.equal(decideSetupState({ ...ready, lastError: { kind: 'unauthorized' } }), 'ready');
  });

  it('every state is listed once in SETUP_STATES', () => {
    assert.deepEqual([...SETUP_STATES].sort(), [
      'badBaseUrl',
      'forbidden',
      'noBaseUrl',
      'noToken',
      'offline',
      'ready',
      'tokenRejected',
    ]);
  });
});
