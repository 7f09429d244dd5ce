import type { Scope } from '../access/scope';

/** RFC 9068's media type for JWT access tokens, checked so that no other JWT of ours passes as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** What a verified access token says. */
export interface AccessTokenClaims {
  clientId: string;
  scopes: Scope[];
  tokenId: string;
  expiresAt: Date;
}

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  scopes: Scope[];
}

/** Why a token was refused: said to the caller (RFC 6750 `error_description`), never the token itself. */
export class InvalidTokenError extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'InvalidTokenError';
  }
}
