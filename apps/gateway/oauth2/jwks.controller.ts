import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JWK } from 'jose';
import { PublicRoute, SigningKeys } from '@lgsp/security';

/** The public keys that verify the bus's tokens, for anyone who checks a token (RFC 7517). */
@ApiTags('oauth2')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get('jwks.json')
  // Short, so a verifier elsewhere learns a new key soon after a rotation.
  @Header('cache-control', 'public, max-age=60')
  @PublicRoute('public keys are public')
  @ApiOperation({
    summary: 'The keys that verify access tokens, old ones included until their tokens expire',
  })
  @ApiOkResponse({ description: 'A JSON Web Key Set' })
  jwks(): Promise<{ keys: JWK[] }> {
    return this.keys.jwks();
  }
}
