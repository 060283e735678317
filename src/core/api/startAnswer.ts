// Reads the id of a new order out of whatever the start endpoint answered. The docs do not show the
// body's shape, so we accept a bare id, a JSON string or a JSON object carrying it; anything else is a
// clear 'protocol' ApiError quoting (shortened) what came, worded as the start's failure ("Starting the
// export failed: …"). Pure; never throws anything but ApiError.

import * as l10n from '@vscode/l10n';
import { ApiError } from '../errors';
import { Operation, operationLabel } from './operations';
import { shortQuote } from './quote';

const ENDPOINT = 'start export';
/** Keys that may hold the id, in order of preference. */
const ID_KEYS = [
  'id',
  'orderId',
  'analyticsOrderId',
  'analyticOrderId',
  'analytics_order_id',
  'order_id',
] as const;
/** Wrapper keys we look inside (e.g. `{ data: { id } }`, `{ order: { id } }`). */
const WRAPPER_KEYS = [
  'data',
  'order',
  'analyticsOrder',
  'analyticOrder',
  'result',
  'payload',
] as const;
const MAX_DEPTH = 4;
const MAX_BODY = 64 * 1024;

/**
 * An id is one token of printable characters (no spaces, quotes, brackets or slashes), 3–256 long, with at
 * least one digit or underscore: real ids look like `analyticOrder_ltz4rirt5ej8v0yeu0owa5sg`, and the rule
 * keeps words such as "OK" or "Created" from being taken for one.
 */
export function looksLikeOrderId(s: string): boolean {
  return s.length >= 3 && s.length <= 256 && /^[A-Za-z0-9_.:~+@=-]+$/.test(s) && /[0-9_]/.test(s);
}

/** What came instead of an order id (each is one message). */
type Refusal =
  | 'empty'
  | 'html'
  | 'malformedJson'
  | 'notAnId'
  | 'stringNotAnId'
  | 'objectWithoutId'
  | 'list'
  | 'null'
  | 'boolean'
  | 'number';

function fail(refusal: Refusal, body: string): ApiError {
  return new ApiError(
    'protocol',
    `${refusalText(refusal, shortQuote(body))} ${l10n.t(
      'Expected the id of the new order (e.g. analyticOrder_…). The API may have changed; check the log and whether the export appears in the list.',
    )}`,
    { operation: Operation.start, endpoint: ENDPOINT, field: 'id' },
  );
}

function refusalText(refusal: Refusal, quote: string): string {
  const op = operationLabel(Operation.start);
  switch (refusal) {
    case 'empty':
      return l10n.t({
        message: '{0} failed: the Unique API answered the start request with an empty answer.',
        args: [op],
        comment: ['{0} is what was being done: "Starting the export"'],
      });
    case 'html':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with an HTML page instead of an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'malformedJson':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with malformed JSON: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'notAnId':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with text that is not an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'stringNotAnId':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with a string that is not an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'objectWithoutId':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with a JSON object without an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'list':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with a JSON list instead of an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'null':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with a JSON null instead of an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'boolean':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with a JSON boolean instead of an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
    case 'number':
      return l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with a JSON number instead of an order id: «{1}».',
        args: [op, quote],
        comment: ['{0} is what was being done: "Starting the export"; {1} is what came, quoted'],
      });
  }
}

/** The server sent a message where the id should be: it is quoted, then the whole answer. */
function failWithMessage(message: string, body: string): ApiError {
  return new ApiError(
    'protocol',
    `${l10n.t({
      message:
        '{0} failed: the Unique API answered the start request with a message instead of an order id ("{1}"): «{2}».',
      args: [operationLabel(Operation.start), shortQuote(message, 100), shortQuote(body)],
      comment: [
        '{0} is what was being done: "Starting the export"; {1} is the server\'s message; {2} is the whole answer, quoted',
      ],
    })} ${l10n.t(
      'Expected the id of the new order (e.g. analyticOrder_…). The API may have changed; check the log and whether the export appears in the list.',
    )}`,
    { operation: Operation.start, endpoint: ENDPOINT, field: 'id' },
  );
}

function findId(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null || Array.isArray(value))
    return undefined;
  const obj = value as Record<string, unknown>;
  for (const key of ID_KEYS) {
    const v = obj[key];
    if (typeof v === 'string' && looksLikeOrderId(v.trim())) return v.trim();
  }
  for (const key of WRAPPER_KEYS) {
    const found = findId(obj[key], depth + 1);
    if (found) return found;
  }
  // A single-field object such as `{ "analyticsOrderCreate": { "id": … } }`.
  const keys = Object.keys(obj);
  if (keys.length === 1) return findId(obj[keys[0]], depth + 1);
  return undefined;
}

function serverMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.message === 'string' && obj.message.trim()) return obj.message;
  if (typeof obj.error === 'string' && obj.error.trim()) return obj.error;
  if (Array.isArray(obj.errors)) {
    const first: unknown = obj.errors[0];
    if (
      typeof first === 'object' &&
      first !== null &&
      typeof (first as { message?: unknown }).message === 'string'
    ) {
      return (first as { message: string }).message;
    }
  }
  return undefined;
}

function isHtml(text: string, contentType: string | undefined): boolean {
  return /html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)\b/i.test(text);
}

/** Returns the new order's id, or throws ApiError('protocol') naming what came back instead. */
export function parseStartAnswer(body: string, contentType?: string): string {
  try {
    return parse(
      typeof body === 'string' ? body : String(body),
      typeof contentType === 'string' ? contentType : undefined,
    );
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(
      'protocol',
      l10n.t({
        message:
          '{0} failed: the Unique API answered the start request with something that could not be read.',
        args: [operationLabel(Operation.start)],
        comment: ['{0} is what was being done: "Starting the export"'],
      }),
      { operation: Operation.start, endpoint: ENDPOINT, cause: e },
    );
  }
}

function parse(body: string, contentType: string | undefined): string {
  const text = (body.length > MAX_BODY ? body.slice(0, MAX_BODY) : body)
    .replace(/^\uFEFF/, '')
    .trim();
  if (!text) throw fail('empty', '');
  if (isHtml(text, contentType)) throw fail('html', text);

  let parsed: unknown;
  let isJson = false;
  if (body.length <= MAX_BODY) {
    try {
      parsed = JSON.parse(text);
      isJson = true;
    } catch {
      isJson = false;
    }
  }

  if (!isJson) {
    // A bare id, possibly in single quotes or with a trailing newline.
    const bare = text.replace(/^'(.*)'$/s, '$1').trim();
    if (looksLikeOrderId(bare)) return bare;
    throw fail(/json/i.test(contentType ?? '') ? 'malformedJson' : 'notAnId', text);
  }
  if (typeof parsed === 'string') {
    const s = parsed.trim();
    if (looksLikeOrderId(s)) return s;
    throw fail('stringNotAnId', text);
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const id = findId(parsed, 0);
    if (id) return id;
    const msg = serverMessage(parsed);
    if (msg) throw failWithMessage(msg, text);
    throw fail('objectWithoutId', text);
  }
  if (Array.isArray(parsed)) throw fail('list', text);
  throw fail(parsed === null ? 'null' : typeof parsed === 'boolean' ? 'boolean' : 'number', text);
}
