import { ServiceUnavailableException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { NEVER, firstValueFrom, of, throwError } from 'rxjs';
import { RequestDeadlineInterceptor, slowSenderOptions } from './request-deadline';

/** An HTTP request whose body took `elapsedMs` to arrive before the handler ran. */
function httpContext(elapsedMs: number): ExecutionContext {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => ({ elapsedTime: elapsedMs }) }),
  } as unknown as ExecutionContext;
}

const handler = (result: CallHandler['handle']): CallHandler => ({ handle: result });

describe('RequestDeadlineInterceptor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers 503 when the handler overruns what is left of the request time', async () => {
    const interceptor = new RequestDeadlineInterceptor(1_000);
    let outcome: unknown;
    firstValueFrom(
      interceptor.intercept(
        httpContext(400),
        handler(() => NEVER),
      ),
    ).catch((error: unknown) => {
      outcome = error;
    });
    await jest.advanceTimersByTimeAsync(599);
    expect(outcome).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(ServiceUnavailableException);
  });

  it('passes a handler’s answer and its own errors through unchanged', async () => {
    const interceptor = new RequestDeadlineInterceptor(1_000);
    await expect(
      firstValueFrom(
        interceptor.intercept(
          httpContext(0),
          handler(() => of('done')),
        ),
      ),
    ).resolves.toBe('done');
    const failure = new Error('refused');
    await expect(
      firstValueFrom(
        interceptor.intercept(
          httpContext(0),
          handler(() => throwError(() => failure)),
        ),
      ),
    ).rejects.toBe(failure);
  });

  it('leaves messages (rpc) alone', () => {
    const handled = NEVER;
    const rpc = { getType: () => 'rpc' } as unknown as ExecutionContext;
    expect(
      new RequestDeadlineInterceptor(1_000).intercept(
        rpc,
        handler(() => handled),
      ),
    ).toBe(handled);
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
    expect(slowSenderOptions(100).http).toEqual({ connectionsCheckingInterval: 10, headersTimeout: 100 });
  });
});
