import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, DomainErrorCode, FieldProblem } from '@lgsp/contracts';
import { CorrelationContext } from '@lgsp/observability';
import { domainCodeOfStatus, httpStatusOf, problemTitleOf } from './http-status.mapper';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';
import { problemFields, problemText } from './problem-text';

interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors: FieldProblem[];
}

const INTERNAL_DETAIL =
  'The bus failed to handle the request; the failure is logged under its correlation id.';
const BUSY_DETAIL = 'The bus is busy and applied nothing of this request; send it again after Retry-After.';

/**
 * Answers every error as RFC 9457 problem+json: domain errors by their code (the JSON body parser's refusals
 * among them), Nest's HTTP exceptions (unknown route, pipes, and Fastify's own refusals such as a body over the
 * limit or a media type without a parser, which Nest maps to HttpExceptions by their status) by their status,
 * and anything else as a 500 that says nothing about the bus's internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = this.problemOf(exception);
    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.url} failed: ${describe(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (reply.sent) return;
    // Refusals before the handler (the body parser's) run outside the request's context: its id is the same.
    const correlationId = CorrelationContext.current() ?? request.id;
    const body: ProblemDetails = {
      type: problemType(problem.code),
      title: problem.title,
      status: problem.status,
      detail: problemText(problem.detail),
      instance: request.url,
      code: problem.code,
      errors: problemFields(problem.errors),
      ...(correlationId ? { correlationId } : {}),
    };
    if (exception instanceof DomainError) {
      const { retryAfterSeconds, challenge } = exception.options;
      if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
      if (challenge !== undefined) void reply.header('www-authenticate', challenge);
    }
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private problemOf(exception: unknown): Problem {
    if (exception instanceof DomainError) {
      const status = httpStatusOf(exception.code);
      return {
        status,
        code: exception.code,
        title: problemTitleOf(exception.code),
        detail: fixedDetailOf(exception.code) ?? exception.message,
        errors: exception.fields,
      };
    }
    if (exception instanceof HttpException) return fromStatus(exception.getStatus(), httpMessage(exception));
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus !== undefined) return fromStatus(clientStatus, String((exception as Error).message));
    return fromStatus(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_DETAIL);
  }
}

/** Codes whose own message names the bus's internals (a statement, a pool size): the caller gets a fixed text. */
function fixedDetailOf(code: DomainErrorCode): string | undefined {
  if (code === DomainErrorCode.Internal) return INTERNAL_DETAIL;
  return code === DomainErrorCode.Busy ? BUSY_DETAIL : undefined;
}

function fromStatus(status: number, message: string): Problem {
  const code = domainCodeOfStatus(status);
  const detail = status >= 500 ? INTERNAL_DETAIL : message;
  if (code) return { status, code, title: problemTitleOf(code), detail, errors: [] };
  return { status, code: `http_${status}`, title: STATUS_CODES[status] ?? 'Error', detail, errors: [] };
}

/** Nest's own exceptions carry a message as a string or, from its pipes, a list. */
function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = isRecord(response) ? response.message : undefined;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Fastify's refusals (`FST_ERR_*`) carry a 4xx statusCode; their message describes the request, not the bus. */
function clientErrorStatus(exception: unknown): number | undefined {
  if (!isRecord(exception) || typeof exception.code !== 'string' || !exception.code.startsWith('FST_')) {
    return undefined;
  }
  const status = exception.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
