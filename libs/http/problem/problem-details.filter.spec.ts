import {
  ArgumentsHost,
  BadRequestException,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import {
  DomainError,
  DomainErrorCode,
  DossierRegisteredV1,
  DossierStatusChangedV2,
  contractExample,
} from '@lgsp/contracts';
import { httpStatusOf } from './http-status.mapper';
import { ProblemDetails } from './problem-details';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation.pipe';

interface Answer {
  status?: number;
  contentType?: string;
  retryAfter?: string;
  body?: ProblemDetails;
}

function answerTo(exception: unknown): Answer {
  const answer: Answer = {};
  const reply = {
    sent: false,
    status(status: number) {
      answer.status = status;
      return reply;
    },
    header(name: string, value: string) {
      if (name === 'content-type') answer.contentType = value;
      if (name === 'retry-after') answer.retryAfter = value;
      return reply;
    },
    send(body: ProblemDetails) {
      answer.body = body;
      return reply;
    },
  };
  const request = { method: 'POST', url: '/v1/dossiers?x=1', id: 'req-1' };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return answer;
}

async function pipeRefusal(body: unknown, metatype: new () => object): Promise<unknown> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
  } catch (error) {
    return error;
  }
  throw new Error('expected the pipe to refuse the body');
}

describe('ProblemDetailsFilter with the validation pipe', () => {
  it('answers an invalid body with problem+json naming every bad field by its path', async () => {
    const body = contractExample('dossier.registered', 1);
    (body.applicant as Record<string, unknown>).personalId = '12345';
    (body.fees as Record<string, unknown>[])[0].amount = -1;
    (body.documents as Record<string, unknown>[])[0].color = 'blue';
    body.status = 0;
    delete body.procedureCode;

    const answer = answerTo(await pipeRefusal(body, DossierRegisteredV1));
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body).toMatchObject({
      type: 'urn:lgsp:problem:validation_failed',
      title: 'The request does not satisfy its contract',
      status: 400,
      instance: '/v1/dossiers?x=1',
      code: 'validation_failed',
    });
    expect(answer.body?.detail).toMatch(/^The request does not satisfy its contract: /);
    expect(new Set(answer.body?.errors.map((problem) => problem.field))).toEqual(
      new Set(['procedureCode', 'status', 'applicant.personalId', 'fees[0].amount', 'documents[0].color']),
    );
    expect(answer.body?.errors).toContainEqual({
      field: 'documents[0].color',
      message: 'property color should not exist',
    });
  });

  it('names fields nested two levels deep', async () => {
    const body = contractExample('dossier.status-changed', 2);
    const step = body.step as { resultDocuments: Record<string, unknown>[] };
    step.resultDocuments[0].url = 'ftp://files.example.vn/x';
    const answer = answerTo(await pipeRefusal(body, DossierStatusChangedV2));
    expect(answer.body?.errors.map((problem) => problem.field)).toEqual(['step.resultDocuments[0].url']);
  });

  it('turns a valid body into an instance of its contract class, with names in NFC', async () => {
    const body = contractExample('dossier.registered', 1);
    (body.applicant as Record<string, unknown>).fullName = ' Nguyễn  Văn An'.normalize('NFD');
    const value = (await createValidationPipe().transform(body, {
      type: 'body',
      metatype: DossierRegisteredV1,
    })) as DossierRegisteredV1;
    expect(value).toBeInstanceOf(DossierRegisteredV1);
    expect(value.applicant.fullName).toBe('Nguyễn Văn An'.normalize('NFC'));
  });
});

describe('ProblemDetailsFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it.each(Object.values(DomainErrorCode))('maps %s to its HTTP status', (code) => {
    const answer = answerTo(new DomainError(code, 'why'));
    expect(answer.status).toBe(httpStatusOf(code));
    expect(answer.body?.code).toBe(code);
    expect(answer.contentType).toBe('application/problem+json');
  });

  it('uses the statuses the contract promises', () => {
    const statusOf = (code: DomainErrorCode) => answerTo(new DomainError(code, 'why')).status;
    expect(statusOf(DomainErrorCode.ValidationFailed)).toBe(400);
    expect(statusOf(DomainErrorCode.MalformedMessage)).toBe(400);
    expect(statusOf(DomainErrorCode.UnknownContract)).toBe(400);
    expect(statusOf(DomainErrorCode.Unauthorized)).toBe(401);
    expect(statusOf(DomainErrorCode.Forbidden)).toBe(403);
    expect(statusOf(DomainErrorCode.NotFound)).toBe(404);
    expect(statusOf(DomainErrorCode.Conflict)).toBe(409);
    expect(statusOf(DomainErrorCode.RejectedByPartner)).toBe(422);
    expect(statusOf(DomainErrorCode.PartnerUnavailable)).toBe(503);
    expect(statusOf(DomainErrorCode.ConnectorOpen)).toBe(503);
    expect(statusOf(DomainErrorCode.Busy)).toBe(503);
    expect(statusOf(DomainErrorCode.Internal)).toBe(500);
  });

  it('answers a lock wait past its bound as 503 busy with Retry-After, not as a failure of the bus', () => {
    const busy = new DomainError(
      DomainErrorCode.Busy,
      'refused for now: canceling statement due to lock timeout',
      [],
      {
        retryAfterSeconds: 1,
      },
    );
    const answer = answerTo(busy);
    expect(answer).toMatchObject({ status: 503, retryAfter: '1' });
    expect(answer.body).toMatchObject({ code: 'busy', title: 'The bus is busy' });
    expect(answer.body?.detail).toMatch(/applied nothing/);
    expect(JSON.stringify(answer.body)).not.toMatch(/statement|lock timeout/);
  });

  it("answers Nest's HTTP exceptions by their status", () => {
    expect(answerTo(new NotFoundException('Cannot GET /nowhere')).body).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'Cannot GET /nowhere',
    });
    expect(answerTo(new BadRequestException(['a is wrong', 'b is wrong'])).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      detail: 'a is wrong; b is wrong',
    });
    expect(answerTo(new PayloadTooLargeException()).body).toMatchObject({ status: 413, code: 'http_413' });
  });

  it("answers Fastify's own refusals by their status", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(answerTo(tooLarge).body).toMatchObject({
      status: 413,
      code: 'http_413',
      title: 'Payload Too Large',
      detail: 'Request body is too large',
      correlationId: 'req-1',
    });
  });

  it('answers an unknown error with a 500 that leaks nothing', () => {
    const answer = answerTo(
      new TypeError("Cannot read properties of undefined (reading 'pool') at /srv/db.ts"),
    );
    expect(answer.status).toBe(500);
    expect(answer.body?.code).toBe('internal');
    expect(JSON.stringify(answer.body)).not.toMatch(/pool|srv|TypeError/);
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(/POST \/v1\/dossiers\?x=1 failed: TypeError/),
      expect.any(String),
    );
    expect(
      JSON.stringify(answerTo(new DomainError(DomainErrorCode.Internal, 'pg: secret host')).body),
    ).not.toMatch(/secret/);
  });
});
