import { Controller, Headers, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiPayloadTooLargeResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ClientDirectory,
  ClientRateLimiter,
  PublicRoute,
  TokenIssuer,
  formatScopes,
  parseScopes,
} from '@lgsp/security';
import { OAuth2ErrorDocument } from '../api-docs/oauth2-error.document';
import { OAuth2Error, OAuth2ErrorFilter } from './oauth2-error';
import { TokenFormDocument, TokenResponseDocument } from './token-documents';
import { clientCredentialsOf, parseTokenForm } from './token-request';

/** Token requests per client id and minute: enough for any client, too few to guess a secret. */
const TOKEN_REQUESTS_PER_MINUTE = 60;

/** OAuth2 client-credentials grant (RFC 6749 §4.4): a client trades its id and secret for a short-lived token. */
@ApiTags('oauth2')
@Controller('oauth2')
@UseFilters(OAuth2ErrorFilter)
export class TokenController {
  constructor(
    private readonly clients: ClientDirectory,
    private readonly issuer: TokenIssuer,
    private readonly rateLimiter: ClientRateLimiter,
  ) {}

  @Post('token')
  @HttpCode(200)
  @PublicRoute('clients prove who they are here, with their secret')
  @ApiOperation({
    summary: 'Get an access token (OAuth2 client credentials)',
    description:
      'Authenticate with HTTP Basic (client id and secret) or with client_id and client_secret in the form, not ' +
      'both. Without `scope`, the token grants every scope of the client. Errors follow RFC 6749 §5.2.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenFormDocument })
  @ApiOkResponse({
    type: TokenResponseDocument,
    description: 'The access token; send it as `Authorization: Bearer`',
  })
  @ApiBadRequestResponse({
    type: OAuth2ErrorDocument,
    description: 'invalid_request, unsupported_grant_type or invalid_scope',
  })
  @ApiUnauthorizedResponse({
    type: OAuth2ErrorDocument,
    description: 'invalid_client: unknown or disabled client, or a wrong secret',
  })
  @ApiPayloadTooLargeResponse({
    type: OAuth2ErrorDocument,
    description: 'invalid_request: the form is too large',
  })
  @ApiUnsupportedMediaTypeResponse({
    type: OAuth2ErrorDocument,
    description: 'invalid_request: the body is not application/x-www-form-urlencoded',
  })
  @ApiTooManyRequestsResponse({
    type: OAuth2ErrorDocument,
    description: 'invalid_request: too many token requests for this client id; see Retry-After',
  })
  async token(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('authorization') authorization?: string,
  ): Promise<TokenResponseDocument> {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      throw new OAuth2Error('invalid_request', 'the body must be application/x-www-form-urlencoded');
    }
    const form = parseTokenForm(typeof request.body === 'string' ? request.body : '');
    const credentials = clientCredentialsOf(authorization, form);
    if (form.grant_type === undefined) throw new OAuth2Error('invalid_request', 'grant_type is required');
    if (form.grant_type !== 'client_credentials') {
      throw new OAuth2Error('unsupported_grant_type', 'only client_credentials is supported');
    }
    const verdict = await this.rateLimiter.consume(
      `token:${credentials.clientId}`,
      TOKEN_REQUESTS_PER_MINUTE,
    );
    if (!verdict.allowed) {
      void reply.status(429).header('retry-after', String(verdict.retryAfterSeconds));
      throw new OAuth2Error(
        'invalid_request',
        `too many token requests; try again in ${verdict.retryAfterSeconds} s`,
      );
    }
    const client = await this.clients.authenticate(credentials.clientId, credentials.clientSecret);
    if (!client) {
      throw new OAuth2Error(
        'invalid_client',
        'unknown client, wrong secret or disabled client',
        credentials.usedBasic,
      );
    }
    const requested =
      form.scope === undefined ? { scopes: client.scopes, unknown: [] } : parseScopes(form.scope);
    const refused = [
      ...requested.unknown,
      ...requested.scopes.filter((scope) => !client.scopes.includes(scope)),
    ];
    if (refused.length > 0)
      throw new OAuth2Error('invalid_scope', `not granted to this client: ${refused.join(' ')}`);
    if (requested.scopes.length === 0) throw new OAuth2Error('invalid_scope', 'scope names no scope');
    const issued = await this.issuer.issue(client.clientId, requested.scopes);
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresInSeconds,
      scope: formatScopes(issued.scopes),
    };
  }
}
