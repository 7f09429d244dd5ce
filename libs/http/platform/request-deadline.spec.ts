import { Controller, Get, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { createHttpAdapter } from './http-platform';
import { answerLateRequests, handlerDeadlineMs, slowSenderOptions } from './request-deadline';

/** Answers when the test lets it, so a handler can be made to overrun its deadline without a timer of its own. */
let release: () => void = () => undefined;

@Controller()
class PacedController {
  @Get('slow')
  async slow(): Promise<{ done: boolean }> {
    await new Promise<void>((resolve) => (release = resolve));
    return { done: true };
  }

  @Get('fast')
  fast(): { done: boolean } {
    return { done: true };
  }
}

@Module({ controllers: [PacedController] })
class PacedModule {}

describe('answerLateRequests', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(
      PacedModule,
      createHttpAdapter({ requestTimeoutMs: 250 }),
      { logger: false, abortOnError: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter());
    answerLateRequests(app.getHttpAdapter().getInstance(), 250);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    release();
    await app.close();
  });

  const inject = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('answers 503 problem+json when the handler has not answered two checks after the request time', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const started = Date.now();
    const answer = await inject('/slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({
      status: 503,
      instance: '/slow',
      correlationId: expect.any(String),
    });
  }, 5_000);

  it('passes an answer given in time through unchanged', async () => {
    const answer = await inject('/fast');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ done: true });
  });
});

describe('slowSenderOptions', () => {
  it('checks for slow requests often enough and never lets headers outlast the request', () => {
    expect(slowSenderOptions(30_000)).toEqual({
      requestTimeout: 30_000,
      http: { connectionsCheckingInterval: 1_000, headersTimeout: 30_000 },
    });
    expect(slowSenderOptions(300_000).http).toEqual({
      connectionsCheckingInterval: 1_000,
      headersTimeout: 60_000,
    });
    expect(slowSenderOptions(100).http).toEqual({
      connectionsCheckingInterval: 10,
      headersTimeout: 100,
    });
  });
});

describe('handlerDeadlineMs', () => {
  it('gives a handler until two slow-sender checks after the request timeout, so a slow sender gets its 408 first', () => {
    expect(handlerDeadlineMs(30_000)).toBe(32_000);
    expect(handlerDeadlineMs(250)).toBe(300);
  });
});
