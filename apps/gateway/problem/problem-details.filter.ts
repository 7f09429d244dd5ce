import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode, FieldProblem } from '@lgsp/contracts';
import { CorrelationContext } from '@lgsp/observability';
import { domainCodeOfStatus, httpStatusOf, problemTitleOf } from './http-status.mapper';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';

interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors: FieldProblem[];
}

const INTERNAL_DETAIL =
  'The bus failed to handle the request; the failure is logged under its correlation id.';

/**
 * Answers every error as RFC 9457 problem+json: domain errors by their code, Nest's HTTP exceptions (unknown
 * route, pipes, and broken JSON, which Nest turns into a BadRequestException) and the body parser's other
 * refusals (too large, bad charset) by their status, and anything else as a 500 that says nothing about the
 * bus's internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = this.problemOf(exception);
    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.originalUrl} failed: ${describe(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (response.headersSent) return;
    const correlationId = CorrelationContext.current();
    const body: ProblemDetails = {
      type: problemType(problem.code),
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: request.originalUrl,
      code: problem.code,
      errors: problem.errors,
      ...(correlationId ? { correlationId } : {}),
    };
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(body);
  }

  private problemOf(exception: unknown): Problem {
    if (exception instanceof DomainError) {
      const status = httpStatusOf(exception.code);
      return {
        status,
        code: exception.code,
        title: problemTitleOf(exception.code),
        detail: exception.code === DomainErrorCode.Internal ? INTERNAL_DETAIL : exception.message,
        errors: exception.fields,
      };
    }
    if (exception instanceof HttpException) return fromStatus(exception.getStatus(), httpMessage(exception));
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus !== undefined) return fromStatus(parserStatus, String((exception as Error).message));
    return fromStatus(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_DETAIL);
  }
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

/** body-parser's errors are 4xx with `expose` set: their message describes the request, not the bus. */
function bodyParserStatus(exception: unknown): number | undefined {
  if (!isRecord(exception) || exception.expose !== true) return undefined;
  const status = exception.status ?? exception.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
