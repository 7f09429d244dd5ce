import { Injectable } from '@nestjs/common';
import { errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { BusConfig } from '@lgsp/config';
import { parseScopes } from '../access/scope';
import { ACCESS_TOKEN_TYPE, AccessTokenClaims, InvalidTokenError } from './access-token';
import { SIGNING_ALGORITHM } from './signing-key.repository';
import { SigningKeys } from './signing-keys.service';

/** Clocks of the bus's replicas may differ a little; more than this is an expired or future token. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies access tokens: our signature by a key still usable (so `alg: none`, HMAC with the public key and
 * any other algorithm are refused), our issuer and audience, the access-token type, and a lifetime that has
 * not ended.
 */
@Injectable()
export class TokenVerifier {
  constructor(
    private readonly keys: SigningKeys,
    private readonly config: BusConfig,
  ) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    const keyOf = async (header: JWTHeaderParameters) => {
      const key = header.kid === undefined ? undefined : await this.keys.verificationKey(header.kid);
      if (!key) throw new InvalidTokenError('the token is signed by a key the bus does not know');
      return key;
    };
    try {
      const { payload } = await jwtVerify(token, keyOf, {
        algorithms: [SIGNING_ALGORITHM],
        issuer: this.config.access.issuer,
        audience: this.config.access.audience,
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      });
      return {
        clientId: String(payload.sub),
        scopes: parseScopes(typeof payload.scope === 'string' ? payload.scope : '').scopes,
        tokenId: String(payload.jti),
        expiresAt: new Date((payload.exp ?? 0) * 1000),
      };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError(reasonOf(error), { cause: error });
    }
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the algorithm is not accepted';
  return 'the token is malformed';
}
