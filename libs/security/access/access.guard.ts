import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { BusConfig } from '@lgsp/config';
import { ClientDirectory } from '../clients/client-directory.service';
import { ClientRateLimiter } from '../limits/client-rate-limiter';
import { InvalidTokenError } from '../tokens/access-token';
import { TokenVerifier } from '../tokens/token-verifier.service';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import { attachPrincipal, type Principal } from './principal';

const REALM = 'realm="lgsp"';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}

/** RFC 6750 §3: the challenge says how to authenticate and, once a token was sent, what was wrong with it. */
function unauthorized(
  detail: string,
  error?: { code: string; description: string; scope?: string },
): DomainError {
  const parts = [`Bearer ${REALM}`];
  if (error)
    // RFC 6750 §3 allows visible ASCII but `"` and `\` in error_description; anything else is dropped.
    parts.push(
      `error="${error.code}"`,
      `error_description="${error.description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '')}"`,
    );
  if (error?.scope) parts.push(`scope="${error.scope}"`);
  const code =
    error?.code === 'insufficient_scope' ? DomainErrorCode.Forbidden : DomainErrorCode.Unauthorized;
  return new DomainError(code, detail, [], { challenge: parts.join(', ') });
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or undefined. */
function bearerTokenOf(request: HttpRequest): string | undefined {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(value?.trim() ?? '');
  return match?.[1];
}

/**
 * Every HTTP route of every app passes here (registered as the apps' global guard). A route that declares
 * neither a scope nor a public marker is refused: forgetting the declaration closes the route, it never
 * opens it. Then: a valid token of an enabled client (401), within the client's rate (429), granting the
 * route's scope (403). The request carries the principal from then on.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly clients: ClientDirectory,
    private readonly rateLimiter: ClientRateLimiter,
    private readonly config: BusConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers of the hybrid worker are not HTTP routes: the broker's own ACLs guard them.
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      throw new DomainError(
        DomainErrorCode.Forbidden,
        'This route declares no access rule, so nobody may call it',
      );
    }
    if (rule.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const principal = await this.authenticate(request);
    await this.withinRate(principal);
    if (!principal.scopes.has(rule.scope)) {
      throw unauthorized(`This call needs the ${rule.scope} scope, which the token does not grant`, {
        code: 'insufficient_scope',
        description: `needs ${rule.scope}`,
        scope: rule.scope,
      });
    }
    attachPrincipal(request, principal);
    return true;
  }

  private async authenticate(request: HttpRequest): Promise<Principal> {
    const token = bearerTokenOf(request);
    if (!token) throw unauthorized('A bearer token is required: get one at POST /oauth2/token');
    let claims;
    try {
      claims = await this.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      throw unauthorized(`The bearer token is not accepted: ${error.message}`, {
        code: 'invalid_token',
        description: error.message,
      });
    }
    const client = await this.clients.enabled(claims.clientId);
    if (!client) {
      throw unauthorized('The bearer token is not accepted: its client is disabled or unknown', {
        code: 'invalid_token',
        description: 'the client is disabled or unknown',
      });
    }
    // A scope taken from the client since the token was issued no longer counts.
    const scopes = new Set(claims.scopes.filter((scope) => client.scopes.includes(scope)));
    const rate = client.rateLimitPerMinute ?? this.config.access.defaultRateLimitPerMinute;
    return {
      clientId: client.clientId,
      scopes,
      agencies: client.agencies,
      citizenFields: client.citizenFields,
      rateLimitPerMinute: rate === 0 ? null : rate,
    };
  }

  private async withinRate(principal: Principal): Promise<void> {
    if (principal.rateLimitPerMinute === null) return;
    const verdict = await this.rateLimiter.consume(principal.clientId, principal.rateLimitPerMinute);
    if (!verdict.allowed) {
      throw new DomainError(
        DomainErrorCode.RateLimited,
        `Client ${principal.clientId} is over its rate of ${principal.rateLimitPerMinute} requests a minute`,
        [],
        { retryAfterSeconds: verdict.retryAfterSeconds },
      );
    }
  }
}
