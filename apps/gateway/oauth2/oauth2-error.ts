import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** RFC 6749 §5.2's error codes. */
export type OAuth2ErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** A refusal of the token endpoint, answered in RFC 6749's own shape rather than problem+json. */
export class OAuth2Error extends Error {
  constructor(
    readonly error: OAuth2ErrorCode,
    readonly description: string,
    /** The client tried HTTP Basic: the answer must say so with WWW-Authenticate (RFC 6749 §5.2). */
    readonly usedBasic = false,
  ) {
    super(description);
    this.name = 'OAuth2Error';
  }
}

/**
 * The token endpoint's filter: OAuth2 clients parse `{error, error_description}` (RFC 6749 §5.2), so this one
 * route answers in that shape; everything else stays with the global problem+json filter. A refusal the
 * endpoint did not raise itself (the body parser's 415 or 413) becomes `invalid_request` with its status.
 */
@Catch()
export class OAuth2ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (exception instanceof OAuth2Error) {
      const status = exception.error === 'invalid_client' ? 401 : 400;
      if (status === 401) void reply.header('www-authenticate', `Basic realm="lgsp", charset="UTF-8"`);
      void reply.status(status).send({ error: exception.error, error_description: exception.description });
      return;
    }
    const status = statusOf(exception);
    if (status >= 500) throw exception;
    void reply.status(status).send({ error: 'invalid_request', error_description: messageOf(exception) });
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : 500;
}

function messageOf(exception: unknown): string {
  return exception instanceof Error ? exception.message : 'the request cannot be read';
}
