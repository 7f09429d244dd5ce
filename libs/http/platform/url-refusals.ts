import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { DomainError, DomainErrorCode, ROOT_FIELD } from '@lgsp/contracts';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';

const PROBLEMS = new ProblemDetailsFilter();

/**
 * Fastify's router refuses some URLs before any route (and so before Nest) sees them: a path whose
 * percent-encoding is broken (`%`, 400) and a path parameter over its length limit (414). By default it writes
 * its own JSON for those; this hands them to the problem filter, so they are problem+json like every refusal.
 */
export function answerFrameworkErrorsAsProblems(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  PROBLEMS.catch(error, new ExecutionContextHost([request, reply]));
}

/**
 * A NUL character (`%00`) in the path or the query is refused with 400: PostgreSQL cannot store or compare text
 * holding one (`invalid byte sequence for encoding "UTF8": 0x00`), so a NUL reaching a query was a 500. No
 * identifier, code or name of the bus holds one. The JSON body parser refuses one in a body, and Node's HTTP
 * parser one in a header.
 */
export function refuseNulInUrls(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!/%00/.test(request.url)) {
      done();
      return;
    }
    done(
      new DomainError(DomainErrorCode.MalformedMessage, 'The URL holds a NUL character (%00)', [
        { field: ROOT_FIELD, message: 'a path or query parameter must not hold a NUL character' },
      ]),
    );
  });
}
