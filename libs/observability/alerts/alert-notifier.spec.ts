import { validateEnvironment } from '@lgsp/config';
import type { AlertNotice } from './alert-notice';
import { AlertNotifier } from './alert-notifier';

const firing: AlertNotice = {
  alert: 'breaker-open',
  connector: 'national-portal',
  summary: 'The national-portal breaker has been open for 60 s',
  details: { state: 'open' },
  state: 'firing',
  startedAt: '2026-01-01T00:00:00.000Z',
};
const resolved: AlertNotice = { ...firing, state: 'resolved', resolvedAt: '2026-01-01T00:05:00.000Z' };

function notifierFor(environment: Record<string, string>): AlertNotifier {
  return new AlertNotifier(validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092', ...environment }));
}

describe('AlertNotifier', () => {
  let fetchMock: jest.SpiedFunction<typeof fetch>;
  const posted = (): AlertNotice[] =>
    fetchMock.mock.calls.map(([, init]) => JSON.parse(init?.body as string) as AlertNotice);

  beforeEach(() => {
    fetchMock = jest.spyOn(globalThis, 'fetch');
  });

  afterEach(() => {
    fetchMock.mockRestore();
  });

  it('POSTs each notice as JSON to the webhook', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    const notifier = notifierFor({ ALERT_WEBHOOK_URL: 'http://alerts.example:8080/hook' });
    await notifier.notify(firing);
    expect(fetchMock).toHaveBeenCalledWith(
      'http://alerts.example:8080/hook',
      expect.objectContaining({ method: 'POST', headers: { 'content-type': 'application/json' } }),
    );
    expect(posted()).toEqual([firing]);
    expect(notifier.pendingCount()).toBe(0);
    notifier.onApplicationShutdown();
  });

  it('keeps a notice whose POST failed, in order, and posts it at the next evaluation; never throws', async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError('fetch failed'))
      .mockResolvedValueOnce(new Response('busy', { status: 503 }))
      .mockResolvedValue(new Response(null, { status: 200 }));
    const notifier = notifierFor({ ALERT_WEBHOOK_URL: 'http://alerts.example/hook' });
    await expect(notifier.notify(firing)).resolves.toBeUndefined();
    expect(notifier.pendingCount()).toBe(1);
    // Raised while the webhook is still failing: waits behind the firing notice.
    await expect(notifier.notify(resolved)).resolves.toBeUndefined();
    expect(notifier.pendingCount()).toBe(2);
    await notifier.deliver();
    expect(notifier.pendingCount()).toBe(0);
    expect(posted()).toEqual([firing, firing, firing, resolved]);
    notifier.onApplicationShutdown();
  });

  it('only logs without a webhook URL', async () => {
    const notifier = notifierFor({});
    await notifier.notify(firing);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(notifier.pendingCount()).toBe(0);
  });
});
