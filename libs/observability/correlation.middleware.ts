import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CorrelationContext } from './correlation-context';
import { CORRELATION_HEADER } from './logging.module';

/** Runs the rest of the request inside its correlation id and tells the caller which id to quote. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const id = (request as Request & { id?: string | number }).id;
    const correlationId = id === undefined ? '' : String(id);
    response.setHeader(CORRELATION_HEADER, correlationId);
    CorrelationContext.run(correlationId || undefined, next);
  }
}
