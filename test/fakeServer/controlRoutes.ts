// Unauthenticated control routes under `/__fake/` so other processes (E2E harness, demo) can steer
// the fake: faults, request log, reset, token, API key, service user (token lifetime, revoke), orders.
// Never served on the other-origin listener; never answer a token, key or secret.

import { errorReply, jsonReply, type Reply } from './httpIo';
import type { FakeServer } from './server';
import { isRate } from './throttle';
import type { FaultSpec, StartAnswerShape } from './types';

function parseJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const v: unknown = JSON.parse(body);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error('body must be a JSON object');
  return v as Record<string, unknown>;
}

/** `POST /__fake/orders/<id>` with `{ state?, csvBytes? }`. */
function changeOrder(server: FakeServer, id: string, input: Record<string, unknown>): unknown {
  if (typeof input.csvBytes === 'number') server.setCsvBytes(id, input.csvBytes);
  if (typeof input.state === 'string') return server.setState(id, input.state);
  const order = server.order(id);
  if (!order) throw new Error(`no order ${id}`);
  return order;
}

/** The service user as the control routes show it: never the secret. */
function serviceUser(server: FakeServer): Record<string, unknown> {
  const u = server.serviceUser;
  return {
    tokenUrl: server.tokenUrl,
    clientId: u.clientId,
    projectId: u.projectId,
    lifetimeSeconds: u.lifetimeSeconds,
    issued: u.issuedCount,
  };
}

const SHAPES: readonly StartAnswerShape[] = ['json-string', 'bare', 'json-object'];

/** `path` is what follows `/__fake` (e.g. `/faults`). */
export function handleControl(
  server: FakeServer,
  method: string,
  path: string,
  body: string,
): Reply {
  let input: Record<string, unknown>;
  try {
    input = parseJson(body);
  } catch (e) {
    return errorReply(400, `control body is not a JSON object: ${(e as Error).message}`);
  }
  try {
    const key = `${method} ${path.replace(/\/+$/, '')}`;
    const oneOrder = /^POST \/orders\/([^/]+)$/.exec(key);
    if (oneOrder)
      return jsonReply(200, changeOrder(server, decodeURIComponent(oneOrder[1]), input));
    switch (key) {
      case 'POST /faults':
        server.addFault(input as unknown as FaultSpec);
        return jsonReply(200, { faults: server.faults() });
      case 'DELETE /faults':
        server.clearFaults();
        return jsonReply(200, { faults: [] });
      case 'GET /faults':
        return jsonReply(200, { faults: server.faults() });
      case 'GET /requests':
        return jsonReply(200, server.requests);
      case 'DELETE /requests':
        server.clearRequests();
        return jsonReply(200, { ok: true });
      case 'GET /other-origin':
        return jsonReply(200, {
          url: server.otherOrigin,
          sawAuthorization: server.otherOriginSawAuthorization,
          requests: server.otherOriginRequests,
        });
      case 'POST /reset':
        server.reset();
        return jsonReply(200, { ok: true, orders: server.orders().length });
      case 'POST /token':
        if (typeof input.token !== 'string' || input.token === '')
          return errorReply(400, 'body must be { "token": "<non-empty string>" }');
        server.token = input.token;
        return jsonReply(200, { ok: true });
      case 'POST /api-key':
        if (typeof input.apiKey !== 'string' || input.apiKey === '')
          return errorReply(400, 'body must be { "apiKey": "<non-empty string>" }');
        server.apiKey = input.apiKey;
        return jsonReply(200, { ok: true });
      case 'GET /service-user':
        return jsonReply(200, serviceUser(server));
      case 'POST /service-user':
        // The secret can be changed (a rotated secret) but is never answered.
        if (input.lifetimeSeconds !== undefined) {
          const s = input.lifetimeSeconds;
          if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0)
            return errorReply(400, 'lifetimeSeconds must be a number > 0 (seconds)');
        }
        if (input.secret !== undefined && (typeof input.secret !== 'string' || input.secret === ''))
          return errorReply(400, 'secret must be a non-empty string');
        if (typeof input.lifetimeSeconds === 'number')
          server.serviceUser.lifetimeSeconds = input.lifetimeSeconds;
        if (typeof input.secret === 'string') server.serviceUser.secret = input.secret;
        return jsonReply(200, serviceUser(server));
      case 'POST /service-user/revoke':
        return jsonReply(200, { revoked: server.revokeIssuedTokens() });
      case 'POST /token-uses':
        // The count only: the harness proves its canary was used without the fake ever echoing a token.
        if (typeof input.token !== 'string')
          return errorReply(400, 'body must be { "token": "<string>" }');
        return jsonReply(200, { uses: server.tokenUses(input.token) });
      case 'GET /orders':
        return jsonReply(200, server.orders());
      case 'POST /orders':
        return jsonReply(200, server.addOrder(input));
      case 'POST /seed': {
        const n = Number(input.n);
        if (!Number.isInteger(n) || n < 0 || n > 1_000_000)
          return errorReply(400, 'body must be { "n": <integer 0..1000000> }');
        server.seedMany(n, typeof input.state === 'string' ? input.state : undefined);
        return jsonReply(200, { ok: true, orders: server.store.size });
      }
      case 'POST /config':
        // Checked first, so a bad rate changes nothing.
        if (input.downloadBytesPerSecond !== undefined && !isRate(input.downloadBytesPerSecond))
          return errorReply(
            400,
            'downloadBytesPerSecond must be a number >= 0 (bytes per second; 0: unshaped)',
          );
        if (input.startAnswerShape !== undefined) {
          if (!SHAPES.includes(input.startAnswerShape as StartAnswerShape))
            return errorReply(400, `startAnswerShape must be one of ${SHAPES.join(', ')}`);
          server.startAnswerShape = input.startAnswerShape as StartAnswerShape;
        }
        if (typeof input.pendingMs === 'number') server.pendingMs = input.pendingMs;
        if (typeof input.runningMs === 'number') server.runningMs = input.runningMs;
        if (typeof input.failEvery === 'number') server.failEvery = input.failEvery;
        if (typeof input.csvBytes === 'number') server.defaultCsvBytes = input.csvBytes;
        if (isRate(input.downloadBytesPerSecond))
          server.downloadBytesPerSecond = input.downloadBytesPerSecond;
        return jsonReply(200, { ok: true });
      default:
        return errorReply(404, `No control route ${method} /__fake${path}`);
    }
  } catch (e) {
    return errorReply(400, (e as Error).message);
  }
}
