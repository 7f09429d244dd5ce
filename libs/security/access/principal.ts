import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Scope } from './scope';

/** Every agency: the national portal and the province's operators. */
export const ALL_AGENCIES = '*';

/** The authenticated caller of a request: who it is, what its token grants, and whose dossiers it may touch. */
export interface Principal {
  clientId: string;
  scopes: ReadonlySet<Scope>;
  /** Agency codes whose dossiers this client may read and write; `*` for all. */
  agencies: readonly string[];
  /** Citizen fields this client may see in a verification answer (default: none beyond the verdict). */
  citizenFields: readonly string[];
  /** Requests per minute; null: no limit (load tests, the national portal's bulk exchange). */
  rateLimitPerMinute: number | null;
}

const PRINCIPAL = Symbol('lgsp.principal');

interface WithPrincipal {
  [PRINCIPAL]?: Principal;
}

export function attachPrincipal(request: object, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}

/** The request's principal, or undefined on a public route. */
export function principalOf(request: object): Principal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}

export function canReachAgency(principal: Principal, agencyCode: string): boolean {
  return principal.agencies.includes(ALL_AGENCIES) || principal.agencies.includes(agencyCode);
}

/**
 * The authenticated caller, in a handler of a route that requires a scope (the access guard has run, so it is
 * always there; on a public route this is a programming error).
 */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<object>());
  if (!principal) throw new Error('CurrentPrincipal is used on a route without a required scope');
  return principal;
});
