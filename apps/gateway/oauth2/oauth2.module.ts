import { Module, OnModuleInit, UnsupportedMediaTypeException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AccessModule } from '@lgsp/security';
import { JwksController } from './jwks.controller';
import { TokenController } from './token.controller';

export const TOKEN_PATH = '/oauth2/token';
/** A token request is a few short fields. */
const MAX_FORM_BYTES = 8 * 1024;

/** The token endpoint and the key set. */
@Module({
  imports: [AccessModule],
  controllers: [TokenController, JwksController],
})
export class OAuth2Module implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * RFC 6749 requires a form body at the token endpoint, and only there: every other route still refuses forms
   * with 415 (REST bodies are JSON). The body reaches the controller as text; it parses the fields itself, so
   * a repeated field is refused in OAuth2's own error shape.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: MAX_FORM_BYTES },
      (request, body, done) => {
        if (request.url.split('?')[0] !== TOKEN_PATH) {
          done(new UnsupportedMediaTypeException('REST bodies are application/json'), undefined);
          return;
        }
        done(null, body);
      },
    );
  }
}
