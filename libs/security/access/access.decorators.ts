import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiOAuth2, ApiResponse } from '@nestjs/swagger';
import type { Scope } from './scope';

/** The OpenAPI security scheme of the bus's tokens (OAuth2 client credentials at /oauth2/token). */
export const OAUTH2_SCHEME = 'oauth2';

/**
 * The refusals are problem+json; the gateway's OpenAPI document defines the `Problem` schema they refer to
 * (apps/gateway/api-docs), and its lint test fails if the reference does not resolve.
 */
const PROBLEM_JSON = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const CHALLENGE = {
  'WWW-Authenticate': { description: 'A Bearer challenge (RFC 6750 §3)', schema: { type: 'string' } },
};

/** How a route is reached: with a token granting a scope, or by anyone. */
export type AccessRule = { kind: 'scope'; scope: Scope } | { kind: 'public'; why: string };

export const ACCESS_RULE = 'lgsp:access-rule';

/**
 * The route needs a bearer token granting this scope: without one it answers 401, with one lacking the scope
 * 403, over the client's rate 429. Documented as such in the OpenAPI document.
 */
export function RequiresScope(scope: Scope): MethodDecorator & ClassDecorator {
  const rule: AccessRule = { kind: 'scope', scope };
  return applyDecorators(
    SetMetadata(ACCESS_RULE, rule),
    ApiOAuth2([scope], OAUTH2_SCHEME),
    ApiResponse({
      status: 401,
      description: 'No valid bearer token (missing, expired, forged or of a disabled client)',
      headers: CHALLENGE,
      content: PROBLEM_JSON,
    }),
    ApiResponse({
      status: 403,
      description: `The token does not grant ${scope}`,
      headers: CHALLENGE,
      content: PROBLEM_JSON,
    }),
    ApiResponse({
      status: 429,
      description: 'Over the client’s rate',
      headers: {
        'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
      },
      content: PROBLEM_JSON,
    }),
  );
}

/** Anyone may call the route; `why` says why that is safe, for the reader and the route-enumeration test. */
export function PublicRoute(why: string): MethodDecorator & ClassDecorator {
  const rule: AccessRule = { kind: 'public', why };
  return applyDecorators(SetMetadata(ACCESS_RULE, rule));
}
