import { requestDeadlineOptions } from './request-deadline';

describe('requestDeadlineOptions', () => {
  it('checks for slow requests often enough, never lets headers outlast the request, and times handlers out after both', () => {
    expect(requestDeadlineOptions(30_000)).toEqual({
      requestTimeout: 30_000,
      handlerTimeout: 32_000,
      http: { connectionsCheckingInterval: 1_000, headersTimeout: 30_000 },
    });
    expect(requestDeadlineOptions(300_000).http).toEqual({
      connectionsCheckingInterval: 1_000,
      headersTimeout: 60_000,
    });
    expect(requestDeadlineOptions(100).http).toEqual({
      connectionsCheckingInterval: 10,
      headersTimeout: 100,
    });
  });
});
