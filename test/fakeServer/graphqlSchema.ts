// The fake's GraphQL surface: a real schema run by `graphql`, so malformed queries fail as they would
// on the real server (parse/validation errors -> HTTP 400, resolver errors -> HTTP 200 with `errors`).

import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import type { OrderStore } from './orderStore';
import type { RouteKind } from './types';

export const SCHEMA_SDL = /* GraphQL */ `
  scalar DateTime
  scalar JSON

  enum SortOrder {
    asc
    desc
  }

  input AnalyticsOrderOrderByWithRelationInput {
    createdAt: SortOrder
    updatedAt: SortOrder
    stateUpdatedAt: SortOrder
    id: SortOrder
  }

  type AnalyticsOrder {
    updatedAt: DateTime!
    type: String!
    stateUpdatedAt: DateTime!
    id: String!
    state: String!
    createdBy: String!
    createdAt: DateTime!
    configuration: JSON
    companyId: String!
  }

  type Query {
    analyticsOrders(
      orderBy: [AnalyticsOrderOrderByWithRelationInput!]
      take: Int
      skip: Int
    ): [AnalyticsOrder!]!
  }

  type Mutation {
    analyticsOrderDelete(orderId: String!): AnalyticsOrder
  }
`;

const schema = buildSchema(SCHEMA_SDL);

/** A GraphQL request body after JSON parsing and a first look: what it is, before anything runs. */
export interface GraphqlRequest {
  /** undefined when the body is not a usable GraphQL request (see `problem`). */
  document?: DocumentNode;
  problem?: { status: number; body: ExecutionResult };
  variables?: Record<string, unknown>;
  operationName?: string;
  route: RouteKind;
}

function operation(
  doc: DocumentNode,
  name: string | undefined,
): OperationDefinitionNode | undefined {
  const ops = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name ? ops.find((o) => o.name?.value === name) : ops[0];
}

const badRequest = (message: string, code: string): { status: number; body: ExecutionResult } => ({
  status: 400,
  body: { errors: [new GraphQLError(message, { extensions: { code } })] },
});

/** Parses the HTTP body and classifies the operation as 'list', 'delete' or 'other' (for faults and the log). */
export function readGraphqlRequest(raw: string): GraphqlRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { route: 'other', problem: badRequest('POST body is not valid JSON.', 'BAD_REQUEST') };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      route: 'other',
      problem: badRequest('POST body must be a JSON object with a "query".', 'BAD_REQUEST'),
    };
  }
  const b = body as Record<string, unknown>;
  const operationName = typeof b.operationName === 'string' ? b.operationName : undefined;
  if (typeof b.query !== 'string' || b.query.trim() === '') {
    return {
      route: 'other',
      operationName,
      problem: badRequest('GraphQL operations must contain a non-empty `query`.', 'BAD_REQUEST'),
    };
  }
  if (
    b.variables !== undefined &&
    b.variables !== null &&
    (typeof b.variables !== 'object' || Array.isArray(b.variables))
  ) {
    return {
      route: 'other',
      operationName,
      problem: badRequest('`variables` must be a JSON object.', 'BAD_REQUEST'),
    };
  }
  const variables = (b.variables ?? undefined) as Record<string, unknown> | undefined;
  let document: DocumentNode;
  try {
    document = parse(b.query);
  } catch (e) {
    const route: RouteKind = /analyticsOrderDelete/.test(b.query)
      ? 'delete'
      : /analyticsOrders/.test(b.query)
        ? 'list'
        : 'other';
    const message = e instanceof GraphQLError ? e.message : String(e);
    return { route, operationName, problem: badRequest(message, 'GRAPHQL_PARSE_FAILED') };
  }
  const op = operation(document, operationName);
  const fields =
    op?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
  const route: RouteKind = fields.includes('analyticsOrderDelete')
    ? 'delete'
    : fields.includes('analyticsOrders')
      ? 'list'
      : 'other';
  return { document, variables, operationName: operationName ?? op?.name?.value, route };
}

/** Validates and executes; returns the HTTP status a real (Apollo-style) server would use. */
export async function runGraphql(
  req: GraphqlRequest,
  store: OrderStore,
): Promise<{ status: number; body: ExecutionResult }> {
  if (req.problem || !req.document)
    return req.problem ?? badRequest('No GraphQL document.', 'BAD_REQUEST');
  const errors = validate(schema, req.document);
  if (errors.length > 0) {
    return {
      status: 400,
      body: {
        errors: errors.map(
          (e) =>
            new GraphQLError(e.message, {
              nodes: e.nodes,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
        ),
      },
    };
  }
  const rootValue = {
    analyticsOrders: (args: {
      orderBy?: Array<Record<string, string>> | null;
      take?: number | null;
      skip?: number | null;
    }) => store.page(args.orderBy ?? [], args.skip ?? 0, args.take ?? undefined),
    analyticsOrderDelete: (args: { orderId: string }) => {
      const deleted = store.delete(args.orderId);
      if (!deleted)
        throw new GraphQLError(`Analytics order ${args.orderId} not found`, {
          extensions: { code: 'NOT_FOUND' },
        });
      return deleted;
    },
  };
  const result = await execute({
    schema,
    document: req.document,
    rootValue,
    variableValues: req.variables,
    operationName: req.operationName,
  });
  // Variable coercion failures come back without `data`: Apollo answers those with 400.
  return { status: result.data === undefined && result.errors ? 400 : 200, body: result };
}
