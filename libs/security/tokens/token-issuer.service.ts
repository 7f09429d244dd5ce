import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { BusConfig } from '@lgsp/config';
import { formatScopes, type Scope } from '../access/scope';
import { ACCESS_TOKEN_TYPE, IssuedToken } from './access-token';
import { SIGNING_ALGORITHM } from './signing-key.repository';
import { SigningKeys } from './signing-keys.service';

/** Signs short-lived access tokens (JWT, RFC 9068 profile) for clients that proved their secret. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly config: BusConfig,
  ) {}

  /** `now` is for tests of expiry; the bus always issues from its own clock. */
  async issue(clientId: string, scopes: Scope[], now: Date = new Date()): Promise<IssuedToken> {
    const { issuer, audience, tokenTtlSeconds } = this.config.access;
    const { keyId, privateKey } = await this.keys.signer();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const accessToken = await new SignJWT({ scope: formatScopes(scopes), client_id: clientId })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keyId, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(clientId)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + tokenTtlSeconds)
      .sign(privateKey);
    return { accessToken, expiresInSeconds: tokenTtlSeconds, scopes };
  }
}
