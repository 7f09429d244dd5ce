import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id';
import { CorrelationContext } from './correlation-context';

type RequestWithId = Request & { id?: string | number };

/**
 * Runs the rest of the request inside its correlation id and tells the caller which id to quote. The id is the
 * one pino-http gave the request when it runs, so its request lines and ours agree.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: RequestWithId, response: Response, next: NextFunction): void {
    const correlationId = request.id === undefined ? correlationIdOf(request) : String(request.id);
    request.id = correlationId;
    response.setHeader(CORRELATION_HEADER, correlationId);
    CorrelationContext.run(correlationId, next);
  }
}
