// Runs one real UniqueClient call in a child Node process and prints the outcome as one JSON line, so
// tls.test.ts can prove a fix that only works at process start (NODE_EXTRA_CA_CERTS) really works.
// Input comes from the environment: TLS_CHILD_BASE_URL, TLS_CHILD_TOKEN, TLS_CHILD_OP (list | check).
import { UniqueClient } from '../../../src/core/api/client';
import { ApiError } from '../../../src/core/errors';

export interface TlsChildOutcome {
  readonly ok: boolean;
  /** For list: how many orders came back. */
  readonly orders?: number;
  /** For check: the report's lines. */
  readonly checks?: readonly { check: string; ok: boolean; detail: string }[];
  readonly kind?: string;
  readonly message?: string;
}

async function main(): Promise<TlsChildOutcome> {
  const token = process.env.TLS_CHILD_TOKEN ?? '';
  const client = new UniqueClient({
    baseUrl: process.env.TLS_CHILD_BASE_URL ?? '',
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(token),
    userAgent: 'unique-analytics-vscode/tls-child',
    timeoutMs: 10_000,
  });
  try {
    if (process.env.TLS_CHILD_OP === 'check') {
      const report = await client.checkConnection();
      return { ok: report.ok, checks: report.checks };
    }
    const page = await client.listOrders(0, 20);
    return { ok: true, orders: page.orders.length };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, kind: e.kind, message: e.message };
    return { ok: false, kind: 'not an ApiError', message: String(e) };
  }
}

if (require.main === module) {
  void main().then((outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`));
}
