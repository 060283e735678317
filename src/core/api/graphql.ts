// Runs one GraphQL document with graphql-request over our HttpTransport (so token, timeout, redirects and
// error mapping are the same as for REST) and hands back `data`, or an ApiError for errors/garbage.

import * as l10n from '@vscode/l10n';
import { GraphQLClient } from 'graphql-request';
import { ApiError } from '../errors';
import type { Logger } from '../ports';
import type { HttpTransport } from './http';
import { errorFromGraphql } from './httpErrors';
import { cancelledMessage, operationLabel } from './operations';
import { shortQuote } from './quote';

export interface GraphqlCall {
  readonly operation: string;
  readonly url: string;
  readonly document: string;
  readonly variables: object;
  readonly signal?: AbortSignal;
}

/** `data` of the answer as an object (possibly empty); GraphQL errors without usable data become ApiErrors. */
export async function runGraphql(
  transport: HttpTransport,
  logger: Logger,
  call: GraphqlCall,
  /** True when `data` holds what the caller needs even though `errors` came along (partial success). */
  usable: (data: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const { operation, url } = call;
  const endpoint = `GraphQL ${url}`;

  // graphql-request calls this instead of fetch: our transport does the HTTP, and we check the body is
  // JSON before graphql-request parses it, so a broken answer gets a message naming what came.
  const fetchThroughTransport = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const target =
      typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const exchange = await transport.send({
      operation,
      url: target,
      method: (init?.method ?? 'POST').toUpperCase() === 'GET' ? 'GET' : 'POST',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal ?? undefined,
    });
    try {
      const text = await exchange.readText();
      checkJson(operation, endpoint, text, exchange.response.headers.get('content-type'));
      return new Response(text, {
        status: exchange.response.status,
        headers: { 'content-type': 'application/json' },
      });
    } finally {
      exchange.release();
    }
  };

  const client = new GraphQLClient(url, { fetch: fetchThroughTransport, errorPolicy: 'all' });
  let result: { data?: unknown; errors?: unknown };
  try {
    result = await client.rawRequest<unknown>({
      query: call.document,
      variables: call.variables,
      signal: call.signal,
    });
  } catch (e) {
    if (e instanceof ApiError) throw transport.redactError(e);
    if (call.signal?.aborted)
      throw new ApiError('cancelled', cancelledMessage(operation), { operation });
    throw transport.redactError(
      new ApiError(
        'protocol',
        l10n.t({
          message: '{0} failed: the GraphQL answer could not be read ({1}).',
          args: [operationLabel(operation), shortQuote(errorMessage(e), 160)],
          comment: [
            '{0} is what was being done, e.g. "Listing orders"; {1} is the error\'s own text',
          ],
        }),
        {
          operation,
          endpoint,
          cause: e,
        },
      ),
    );
  }

  const data =
    typeof result.data === 'object' && result.data !== null && !Array.isArray(result.data)
      ? (result.data as Record<string, unknown>)
      : {};
  const errors = Array.isArray(result.errors)
    ? (result.errors as unknown[])
    : result.errors
      ? [result.errors]
      : [];
  if (errors.length > 0) {
    if (!usable(data)) throw transport.redactError(errorFromGraphql(operation, endpoint, errors));
    logger.warn(
      transport.redact(
        `${operation}: the API sent ${errors.length} GraphQL error(s) along with data: ${shortQuote(JSON.stringify(errors), 300)}`,
      ),
    );
  }
  return data;
}

function checkJson(
  operation: string,
  endpoint: string,
  text: string,
  contentType: string | null,
): void {
  const details = { operation, endpoint };
  const op = operationLabel(operation);
  if (!text.trim()) {
    throw new ApiError(
      'protocol',
      l10n.t({
        message:
          '{0} failed: the GraphQL endpoint answered with an empty body. Check uniqueAnalytics.graphqlPath.',
        args: [op],
        comment: ['{0} is what was being done, e.g. "Listing orders"'],
      }),
      details,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const quote = shortQuote(text, 120);
    throw new ApiError(
      'protocol',
      /html/i.test(contentType ?? '') || /^\s*</.test(text)
        ? l10n.t({
            message:
              '{0} failed: the GraphQL endpoint answered with an HTML page: «{1}». Check uniqueAnalytics.graphqlPath.',
            args: [op, quote],
            comment: [
              '{0} is what was being done, e.g. "Listing orders"; {1} is what came, quoted',
            ],
          })
        : l10n.t({
            message:
              '{0} failed: the GraphQL endpoint answered with text that is not JSON: «{1}». Check uniqueAnalytics.graphqlPath.',
            args: [op, quote],
            comment: [
              '{0} is what was being done, e.g. "Listing orders"; {1} is what came, quoted',
            ],
          }),
      details,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(
      'protocol',
      l10n.t({
        message:
          '{0} failed: the GraphQL endpoint answered with JSON that is not a GraphQL result: «{1}».',
        args: [op, shortQuote(text, 120)],
        comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is what came, quoted'],
      }),
      details,
    );
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
