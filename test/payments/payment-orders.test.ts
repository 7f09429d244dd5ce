import axios from 'axios';
import { Scope } from '@lgsp/security';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { BusUnderTest, startBusUnderTest } from '../support/e2e/bus-under-test';
import { OrderAnswer, orderRequest, ordersOf, registerDossier } from '../support/payments/payment-test-kit';

interface Problem {
  status: number;
  errors?: { field: string }[];
}

/** Opening orders: one per fee set, clear refusals, and nothing half-open when the gateway is down. */
describe('payment orders', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('pay-orders', { PAYMENT_GATEWAY_BREAKER_RESET_MS: '60000' });
    await registerDossier(bus, 'H56.22-payorder-0001', 1);
    await registerDossier(bus, 'H56.22-payorder-0002', 2);
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('answers a retried request with the order the first one opened', async () => {
    const first = await bus.api.post<OrderAnswer>(
      '/v1/payments',
      orderRequest('H56.22-payorder-0001', 'paygov'),
    );
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ state: 'pending', amount: 50_000, gateway: 'paygov' });
    expect(first.data.paymentUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/paygov\/pay\//);
    const [again, concurrent] = await Promise.all([
      bus.api.post<OrderAnswer>('/v1/payments', orderRequest('H56.22-payorder-0001', 'paygov')),
      bus.api.post<OrderAnswer>('/v1/payments', orderRequest('H56.22-payorder-0001', 'paygov')),
    ]);
    expect([again.status, concurrent.status]).toEqual([200, 200]);
    expect([again.data.orderId, concurrent.data.orderId]).toEqual([first.data.orderId, first.data.orderId]);
    // The same fees through the other gateway while this order is open: refused, naming the field.
    const other = await bus.api.post<Problem>('/v1/payments', orderRequest('H56.22-payorder-0001', 'bank'));
    expect(other.status).toBe(409);
    expect(other.data.errors?.map((error) => error.field)).toEqual(['gateway']);
  });

  it('refuses an amount that is not the sum of the fees, naming the field', async () => {
    const response = await bus.api.post<Problem>(
      '/v1/payments',
      orderRequest('H56.22-payorder-0002', 'bank', 60_000),
    );
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.data.errors?.map((error) => error.field)).toEqual(['amount']);
  });

  it("answers 404 for another agency's dossier and order, and 401 without a token", async () => {
    const own = await bus.api.post<OrderAnswer>('/v1/payments', orderRequest('H56.22-payorder-0002', 'bank'));
    expect(own.status).toBe(201);
    const baseURL = bus.api.defaults.baseURL ?? '';
    const client = await createTestClient(bus.env.schema, {
      clientId: 'other-province-agency',
      agencies: ['H99.1'],
      scopes: [Scope.PaymentCreate, Scope.DossierRead],
    });
    const outsider = axios.create({
      baseURL,
      validateStatus: () => true,
      headers: bearer(await requestToken(baseURL, client)),
    });
    expect((await outsider.post('/v1/payments', orderRequest('H56.22-payorder-0002', 'bank'))).status).toBe(
      404,
    );
    expect((await outsider.get(`/v1/payments/${own.data.orderId}`)).status).toBe(404);
    const anonymous = await axios.post(
      `${baseURL}/v1/payments`,
      orderRequest('H56.22-payorder-0002', 'bank'),
      {
        validateStatus: () => true,
      },
    );
    expect(anonymous.status).toBe(401);
  });

  it('answers 503 at once when the gateway is down, and keeps no order', async () => {
    await registerDossier(bus, 'H56.22-payorder-0003', 3);
    await bus.simulators.controls.paymentGateway.set({ errorRate: 1 });
    try {
      const statuses: number[] = [];
      // Enough failures to open the breaker: then the answer comes without calling the gateway.
      for (let attempt = 0; attempt < 12; attempt++) {
        statuses.push(
          (await bus.api.post('/v1/payments', orderRequest('H56.22-payorder-0003', 'paygov'))).status,
        );
      }
      expect(new Set(statuses)).toEqual(new Set([503]));
      const calls = async (): Promise<number> =>
        (
          await bus.paymentAdmin.get<{ requests: unknown[] }>('/admin/received', {
            params: { path: '/paygov/transactions' },
          })
        ).data.requests.length;
      const before = await calls();
      const open = await bus.api.post('/v1/payments', orderRequest('H56.22-payorder-0003', 'paygov'));
      expect(open.status).toBe(503);
      expect(open.headers['retry-after']).toMatch(/^\d+$/);
      // Fast because the open breaker answers without calling the gateway (no wait for its timeout).
      expect(await calls()).toBe(before);
      expect(await ordersOf(bus, 'H56.22-payorder-0003')).toEqual([]);
    } finally {
      await bus.simulators.controls.paymentGateway.clear();
    }
  });
});
