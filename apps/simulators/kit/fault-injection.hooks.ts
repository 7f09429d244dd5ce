import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAdminPath } from './admin-token';
import { FaultControls } from './fault-controls';
import { ReceivedRequest, ReceivedRequestsRecorder } from './received-requests.recorder';
import { PROTOCOL_FAULT_REPLIES, ProtocolFaultReplies } from './simulator-kit.tokens';

/**
 * Records every protocol request, then applies the configured faults to it. Admin routes are exempt: a test
 * must always be able to see what arrived and to heal the simulator it broke.
 *
 * Fastify hooks on the simulator's instance: preHandler runs once the body is parsed (so it is recorded as the
 * route will see it) and before the route; onSend garbles a reply; onResponse records the status sent.
 */
@Injectable()
export class FaultInjectionHooks {
  private readonly entries = new WeakMap<FastifyRequest, ReceivedRequest>();
  private readonly garbled = new WeakSet<FastifyRequest>();

  constructor(
    private readonly faults: FaultControls,
    private readonly recorder: ReceivedRequestsRecorder,
    @Inject(PROTOCOL_FAULT_REPLIES) private readonly replies: ProtocolFaultReplies,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('preHandler', (request, reply) => this.beforeHandler(request, reply));
    fastify.addHook('onSend', async (request, _reply, payload) =>
      this.garbled.has(request) ? garble(payload) : payload,
    );
    fastify.addHook('onResponse', async (request, reply) => {
      const entry = this.entries.get(request);
      if (entry) entry.status = reply.statusCode;
    });
  }

  private async beforeHandler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    if (isAdminPath(request.url)) return;
    const entry = this.recorder.record({
      method: request.method,
      path: request.url.split('?')[0],
      query: { ...(request.query as Record<string, unknown>) },
      headers: request.headers,
      body: request.body,
    });
    this.entries.set(request, entry);
    const decision = this.faults.decide();
    if (decision.kind === 'unavailable') {
      entry.fault = 'unavailable';
      return reply
        .code(503)
        .header('Retry-After', '5')
        .type('text/plain')
        .send('Service Unavailable (simulated)');
    }
    if (decision.kind === 'rate-limited') {
      entry.fault = 'rate-limited';
      return reply
        .code(429)
        .header('Retry-After', String(decision.retryAfterSeconds))
        .type('text/plain')
        .send('Too Many Requests (simulated)');
    }
    if (decision.slow) entry.fault = 'slow';
    await this.faults.delay(decision.delayMs);
    // The caller gave up (or an outage dropped its connection) while the reply was delayed: like a partner whose
    // connection died, the request is not applied. Nothing is left to answer.
    if (reply.raw.destroyed || reply.raw.writableEnded) return reply.hijack();
    if (decision.fail) {
      entry.fault = 'error';
      if (this.faults.errorReplyMode() === 'protocol') {
        const error = this.replies.error();
        return reply.code(error.status).type(error.contentType).send(error.body);
      }
      return reply.code(500).type('text/plain').send('Internal Server Error (simulated)');
    }
    if (decision.malformed) {
      // The request is still applied; only the reply is garbled, which is the ambiguous outcome a client
      // must survive (it cannot tell whether its request took effect).
      entry.fault = 'malformed';
      this.garbled.add(request);
    }
  }
}

/** Cutting the document in half leaves an unclosed JSON object or XML element: never parseable. */
function garble(payload: unknown): string {
  const text =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
  return text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : '{<';
}
