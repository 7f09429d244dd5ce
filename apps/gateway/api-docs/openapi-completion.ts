import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';

const SCHEMAS = '#/components/schemas/';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Node's request timeout cuts off any request, on any route, before the route sees it. */
const REQUEST_TIMEOUT = {
  description:
    'The request (headers and body) did not arrive within HTTP_REQUEST_TIMEOUT_MS (30 s by default); answered by ' +
    'the HTTP server before any route (not problem+json) and the connection closed',
};

function operationsOf(document: OpenAPIObject): OperationObject[] {
  return Object.values(document.paths).flatMap((item) =>
    METHODS.flatMap((method) => (item[method] ? [item[method]] : [])),
  );
}

/**
 * What holds for every operation, added once here rather than on each route:
 * - `security: []` where the access decorators documented no scheme. `@RequiresScope` always documents its
 *   scope and the AccessGuard refuses any route declaring no rule, so such an operation is a `@PublicRoute`;
 *   saying so explicitly tells a reader (and a linter) it is public by intent, not by omission.
 * - the 408 of a slow sender.
 */
export function completeOperations(document: OpenAPIObject): void {
  for (const operation of operationsOf(document)) {
    operation.security ??= [];
    operation.responses['408'] ??= REQUEST_TIMEOUT;
  }
}

function schemaRefsIn(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) schemaRefsIn(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith(SCHEMAS)) {
        found.add(inner.slice(SCHEMAS.length));
      } else {
        schemaRefsIn(inner, found);
      }
    }
  }
}

/**
 * Only the component schemas the operations use, directly or nested. The contract registry also holds the Kafka
 * messages, which no REST operation takes: they are described at /asyncapi.json, and listing them here would
 * suggest a route for them.
 */
export function withoutUnusedSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  schemaRefsIn(document.paths, used);
  for (let pending = [...used]; pending.length > 0;) {
    const nested = new Set<string>();
    for (const name of pending) schemaRefsIn(schemas[name], nested);
    pending = [...nested].filter((name) => !used.has(name));
    for (const name of pending) used.add(name);
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } };
}
