import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isAdminPath } from './admin-token';
import { FaultControls } from './fault-controls';
import { ReceivedRequest, ReceivedRequestsRecorder } from './received-requests.recorder';
import { PROTOCOL_FAULT_REPLIES, ProtocolFaultReplies } from './simulator-kit.tokens';

/**
 * Records every protocol request, then applies the configured faults to it. Admin routes are exempt: a test
 * must always be able to see what arrived and to heal the simulator it broke.
 */
@Injectable()
export class FaultInjectionMiddleware implements NestMiddleware {
  constructor(
    private readonly faults: FaultControls,
    private readonly recorder: ReceivedRequestsRecorder,
    @Inject(PROTOCOL_FAULT_REPLIES) private readonly replies: ProtocolFaultReplies,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (isAdminPath(request.originalUrl)) {
      next();
      return;
    }
    const path = request.originalUrl.split('?')[0];
    const entry = this.recorder.record({
      method: request.method,
      path,
      query: { ...(request.query as Record<string, unknown>) },
      headers: request.headers,
      body: request.body as unknown,
    });
    response.on('finish', () => {
      entry.status = response.statusCode;
    });
    this.handle(entry, response, next).catch(next);
  }

  private async handle(entry: ReceivedRequest, response: Response, next: NextFunction): Promise<void> {
    const decision = this.faults.decide();
    if (decision.kind === 'unavailable') {
      entry.fault = 'unavailable';
      response.status(503).set('Retry-After', '5').type('text/plain').send('Service Unavailable (simulated)');
      return;
    }
    if (decision.kind === 'rate-limited') {
      entry.fault = 'rate-limited';
      response
        .status(429)
        .set('Retry-After', String(decision.retryAfterSeconds))
        .type('text/plain')
        .send('Too Many Requests (simulated)');
      return;
    }
    if (decision.slow) entry.fault = 'slow';
    await this.faults.delay(decision.delayMs);
    if (response.destroyed || response.writableEnded) return;
    if (decision.fail) {
      entry.fault = 'error';
      if (this.faults.errorReplyMode() === 'protocol') {
        const reply = this.replies.error();
        response.status(reply.status).type(reply.contentType).send(reply.body);
      } else {
        response.status(500).type('text/plain').send('Internal Server Error (simulated)');
      }
      return;
    }
    if (decision.malformed) {
      // The request is still applied; only the reply is garbled, which is the ambiguous outcome a client
      // must survive (it cannot tell whether its request took effect).
      entry.fault = 'malformed';
      garbleReplies(response);
    }
    next();
  }
}

function garbleReplies(response: Response): void {
  const send = response.send.bind(response);
  const garbled = (body?: unknown): Response => {
    const text =
      typeof body === 'string'
        ? body
        : Buffer.isBuffer(body)
          ? body.toString('utf8')
          : body === undefined
            ? ''
            : JSON.stringify(body);
    // Cutting the document in half leaves an unclosed JSON object or XML element: never parseable.
    return send(text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : '{<');
  };
  response.send = garbled;
}
