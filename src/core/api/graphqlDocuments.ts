// The GraphQL documents of the analytics API, verbatim from Unique's "Analytics API" documentation page.
// Kept apart so a change on the server is a one-file change.

export const ANALYTICS_ORDERS_QUERY = `query AnalyticsOrders($orderBy: [AnalyticsOrderOrderByWithRelationInput!], $take: Int, $skip: Int) {
  analyticsOrders(orderBy: $orderBy, take: $take, skip: $skip) {
    updatedAt type stateUpdatedAt id state createdBy createdAt configuration companyId
  }
}`;

export const ANALYTICS_ORDER_DELETE_MUTATION = `mutation AnalyticsOrderDelete($orderId: String!) {
  analyticsOrderDelete(orderId: $orderId) {
    updatedAt type stateUpdatedAt state id createdBy createdAt configuration companyId
  }
}`;

export interface AnalyticsOrdersVariables {
  readonly orderBy: readonly { readonly createdAt: 'asc' | 'desc' }[];
  readonly skip: number;
  readonly take: number;
}

export interface AnalyticsOrderDeleteVariables {
  readonly orderId: string;
}
