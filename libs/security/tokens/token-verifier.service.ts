import { Injectable } from '@nestjs/common';
import { errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { BusConfig } from '@lgsp/config';
import { parseScopes } from '../access/scope';
import { ACCESS_TOKEN_TYPE, AccessTokenClaims, InvalidTokenError } from './access-token';
import { SIGNING_ALGORITHM } from './signing-key.repository';
import { SigningKeys } from './signing-keys.service';

/** Clocks of the bus's replicas may differ a little; more than this is an expired or future token. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Tokens remembered as verified; past it the oldest is forgotten (and verified again if it comes back). */
const VERIFIED_TOKENS = 10_000;

interface VerifiedToken {
  claims: AccessTokenClaims;
  keyId: string;
}

/**
 * Verifies access tokens: our signature by a key still usable (so `alg: none`, HMAC with the public key and
 * any other algorithm are refused), our issuer and audience, the access-token type, and a lifetime that has
 * not ended.
 */
@Injectable()
export class TokenVerifier {
  /**
   * Tokens already verified, by their exact text. A client sends one token with every call for its lifetime,
   * and checking its signature again each time was a tenth of the gateway's CPU under load. What can change
   * after the first check is checked on every use: the token's expiry and whether its key may still verify.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly config: BusConfig,
  ) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    const known = this.verified.get(token);
    if (known) {
      const unexpired = known.claims.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000 > Date.now();
      if (unexpired && (await this.keys.verificationKey(known.keyId))) return known.claims;
      this.verified.delete(token);
    }
    const { claims, keyId } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, keyId });
    return claims;
  }

  private async verifySignature(token: string): Promise<VerifiedToken> {
    const keyOf = async (header: JWTHeaderParameters) => {
      const key = header.kid === undefined ? undefined : await this.keys.verificationKey(header.kid);
      if (!key) throw new InvalidTokenError('the token is signed by a key the bus does not know');
      return key;
    };
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keyOf, {
        algorithms: [SIGNING_ALGORITHM],
        issuer: this.config.access.issuer,
        audience: this.config.access.audience,
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      });
      const claims: AccessTokenClaims = {
        clientId: String(payload.sub),
        scopes: parseScopes(typeof payload.scope === 'string' ? payload.scope : '').scopes,
        tokenId: String(payload.jti),
        expiresAt: new Date((payload.exp ?? 0) * 1000),
      };
      return { claims, keyId: String(protectedHeader.kid) };
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
