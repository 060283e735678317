// Raw HTTP helpers against a running fake (global fetch, no project code), for tests of the fake itself
// and for harnesses that need to poke it directly. The extension's own client lives in src/core/api.

import type { FakeServer } from './server';
import type { WireOrder } from './types';

export const LIST_QUERY = `query AnalyticsOrders($orderBy: [AnalyticsOrderOrderByWithRelationInput!], $take: Int, $skip: Int) {
  analyticsOrders(orderBy: $orderBy, take: $take, skip: $skip) {
    updatedAt type stateUpdatedAt id state createdBy createdAt configuration companyId
  }
}`;
export const DELETE_MUTATION = `mutation AnalyticsOrderDelete($orderId: String!) {
  analyticsOrderDelete(orderId: $orderId) { updatedAt type stateUpdatedAt state id createdBy createdAt configuration companyId }
}`;

export function rawClient(server: FakeServer) {
  const auth = (token = server.token): Record<string, string> => ({
    authorization: `Bearer ${token}`,
  });
  const get = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(server.url + path, { ...init, headers: { ...auth(), ...init.headers } });
  const gql = (
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
  return {
    auth,
    get,
    gql,
    /** One page, newest first by default; throws on anything but HTTP 200 with data. */
    list: async (
      variables: Record<string, unknown> = { orderBy: [{ createdAt: 'desc' }], skip: 0, take: 20 },
    ): Promise<WireOrder[]> => {
      const res = await gql(LIST_QUERY, variables);
      if (res.status !== 200) throw new Error(`list answered HTTP ${res.status}`);
      return ((await res.json()) as { data: { analyticsOrders: WireOrder[] } }).data
        .analyticsOrders;
    },
    /** Starts an export; `body` is the parsed JSON answer (the id, or an error object). */
    start: async (
      query = 'startDate=2024-05-03&endDate=2024-06-02',
      path = '/analytics/chat-interactions',
    ) => {
      const res = await get(`${path}?${query}`);
      return { status: res.status, body: (await res.json()) as unknown };
    },
    download: (id: string): Promise<Response> =>
      get(`/analytics/analytics-scheduler/download/${encodeURIComponent(id)}`),
    /** Calls an unauthenticated `/__fake/` control route. */
    control: (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${server.origin}/__fake${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}
