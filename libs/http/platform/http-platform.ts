import type { IncomingMessage } from 'node:http';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusConfig } from '@lgsp/config';
import { MetricsRegistry, correlateRequests, correlationIdOf } from '@lgsp/observability';
import { shedAboveInFlight } from './load-shedding';
import { DEFAULT_JSON_LIMITS, JsonBodyLimits, parseJsonBody } from './json-body.parser';
import { answerLateRequests, slowSenderOptions } from './request-deadline';
import { useSecurityHeaders } from './security-headers';
import { answerFrameworkErrorsAsProblems, refuseNulInUrls } from './url-refusals';

/** A batch of 500 whole dossiers fits; anything larger is refused with 413 before it is read in full. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The bus's HTTP platform (Fastify), with the request id every log line and problem quotes, and a slow sender cut
 * off (408) after `requestTimeoutMs` (BusConfig.access.requestTimeoutMs: the adapter exists before the app, so the
 * bootstrap passes it).
 */
export function createHttpAdapter(options: { requestTimeoutMs: number; bodyLimit?: number }): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? MAX_BODY_BYTES,
    genReqId: (request: IncomingMessage) => correlationIdOf(request),
    frameworkErrors: answerFrameworkErrorsAsProblems,
    ...slowSenderOptions(options.requestTimeoutMs),
  });
}

/**
 * REST bodies are JSON in UTF-8 and nothing else. Every other media type (text/plain, forms, XML) or charset is a
 * 415, so a body is never validated as something it is not. Fastify's own parsers (text/plain among them) are
 * removed; the JSON parser bounds depth and size before anything recursive sees the value.
 */
export function acceptJsonBodiesOnly(
  app: NestFastifyApplication,
  limits: JsonBodyLimits = DEFAULT_JSON_LIMITS,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
        throw new UnsupportedMediaTypeException(`JSON bodies must be UTF-8, not ${charset}`);
      }
      done(null, parseJsonBody(body as Buffer, limits));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/**
 * What the gateway's listener needs before its routes: a bound on requests in flight (first, so a shed request
 * costs nothing), JSON bodies only, no NUL in a URL, the correlation id on every request, security headers on
 * every answer, and a 503 for a request not answered in time.
 */
export function configureHttpPlatform(app: NestFastifyApplication): void {
  shedAboveInFlight(
    app.getHttpAdapter().getInstance(),
    app.get(BusConfig).access.maxInFlight,
    app.get(MetricsRegistry),
  );
  acceptJsonBodiesOnly(app);
  refuseNulInUrls(app.getHttpAdapter().getInstance());
  correlateRequests(app.getHttpAdapter().getInstance());
  useSecurityHeaders(app);
  answerLateRequests(app.getHttpAdapter().getInstance(), app.get(BusConfig).access.requestTimeoutMs);
}
