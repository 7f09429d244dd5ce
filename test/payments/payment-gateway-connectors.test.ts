import { Test, TestingModule } from '@nestjs/testing';
import axios, { AxiosInstance } from 'axios';
import { BusConfigModule } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { ResilienceModule } from '@lgsp/resilience';
import {
  bankGatewayConfig,
  OrderToQuery,
  paygovConfig,
  PaymentGatewayConnector,
  PaymentGatewayConnectors,
  paymentGatewayConfig,
  PaymentGatewayModule,
  PaymentToOpen,
} from '@lgsp/adapters/payment-gateway';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';
import { expectEventually } from '../support/expect-eventually';
import { CallbackReceiver } from '../support/simulators/callback-receiver';

/**
 * Both payment-gateway connectors, built by their Nest module from the configuration slices (the common one and
 * each gateway's), against the real payment-gateway simulator: open, pay (the simulator's citizen), verify the
 * callback it sent, query.
 */
describe('payment-gateway connectors against the simulator', () => {
  let sims: RunningSimulators;
  let receiver: CallbackReceiver;
  let app: TestingModule;
  let connectors: PaymentGatewayConnectors;
  let admin: AxiosInstance;
  let paygov: PaymentGatewayConnector;
  let bank: PaymentGatewayConnector;

  const payment = (orderId: string, amount = 150_000): PaymentToOpen => ({
    orderId,
    dossierCode: 'H56.1-260101-0001',
    amount,
    description: `Lệ phí hồ sơ H56.1-260101-0001 (${orderId})`,
    returnUrl: 'https://motcua.example/payments/return',
    clientIp: '203.0.113.7',
    createdAt: new Date(),
  });
  const order = (opened: PaymentToOpen): OrderToQuery => ({
    orderId: opened.orderId,
    createdAt: opened.createdAt,
    clientIp: opened.clientIp,
    description: opened.description,
  });

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    sims = await startSimulators({
      logLevels: ['error'],
      paymentGateway: {
        paygov: { callbackUrl: `${receiver.url}/paygov/callback` },
        vnpay: { ipnUrl: `${receiver.url}/vnpay/ipn` },
      },
    });
    admin = axios.create({
      baseURL: sims.urls.paymentGateway,
      headers: { [ADMIN_TOKEN_HEADER]: sims.adminToken },
    });
    // Only the URLs differ from the slices' defaults: the credentials are the simulator's own defaults. Both
    // gateways are named, so a PAYMENT_GATEWAYS in the runner's environment cannot change what is tested.
    app = await Test.createTestingModule({
      imports: [
        BusConfigModule.forRoot(
          {
            PAYMENT_GATEWAYS: 'paygov,bank',
            PAYGOV_URL: sims.urls.paymentGateway,
            BANK_GATEWAY_URL: sims.urls.paymentGateway,
            PAYMENT_GATEWAY_TIMEOUT_MS: '1000',
            PAYMENT_GATEWAY_BREAKER_RESET_MS: '60000',
          },
          [paymentGatewayConfig, paygovConfig, bankGatewayConfig],
        ),
        ResilienceModule.forRoot(),
        PaymentGatewayModule,
      ],
    }).compile();
    await app.init();
    connectors = app.get(PaymentGatewayConnectors);
    paygov = connectors.get('paygov');
    bank = connectors.get('bank');
  });

  afterAll(async () => {
    await app?.close();
    await sims?.close();
    await receiver?.close();
  });

  it('names both gateways', () => {
    expect(connectors.enabled()).toEqual(['paygov', 'bank']);
    expect(connectors.all().map((connector) => connector.name)).toEqual(['paygov', 'bank']);
  });

  it('builds only the enabled gateway when the gateway app passes no slice (validated at boot by the module)', async () => {
    const bankOnly = await Test.createTestingModule({
      imports: [
        BusConfigModule.forRoot({ PAYMENT_GATEWAYS: 'bank', BANK_GATEWAY_URL: sims.urls.paymentGateway }),
        ResilienceModule.forRoot(),
        PaymentGatewayModule,
      ],
    }).compile();
    try {
      const only = bankOnly.get(PaymentGatewayConnectors);
      expect(only.enabled()).toEqual(['bank']);
      await expect(only.get('bank').query(order(payment('BK-ONLY-1')))).resolves.toMatchObject({
        state: 'unknown',
      });
      expect(() => only.get('paygov')).toThrow(
        expect.objectContaining({
          code: DomainErrorCode.ValidationFailed,
          fields: [{ field: 'gateway', message: 'must be one of the enabled gateways: bank' }],
        }),
      );
    } finally {
      await bankOnly.close();
    }
  });

  it('PayGov: opens a payment, reads the genuine callback of the payment, and queries it as paid', async () => {
    const opened = payment('PG-ORDER-1');
    const created = await paygov.open(opened);
    expect(created.paymentUrl).toMatch(new RegExp(`^${sims.urls.paymentGateway}/paygov/pay/PG\\d+$`));
    expect(created.gatewayReference).toMatch(/^PG\d+$/);
    // Opening again (a retry after a timeout) is the same transaction, not a conflict.
    await expect(paygov.open(opened)).resolves.toEqual(created);
    await expect(paygov.query(order(opened))).resolves.toMatchObject({ state: 'pending' });

    await admin.post('/admin/paygov/pay', { orderId: opened.orderId });
    const callback = await expectEventually(() => {
      const found = receiver.received.find((received) => received.path === '/paygov/callback');
      expect(found).toBeDefined();
      return found;
    });
    expect(paygov.readCallback(callback?.body as Record<string, unknown>)).toMatchObject({
      kind: 'verified',
      orderId: opened.orderId,
      amount: 150_000,
      paid: true,
      resultCode: '00',
    });
    const state = await paygov.query(order(opened));
    expect(state).toMatchObject({
      orderId: opened.orderId,
      state: 'paid',
      amount: 150_000,
      resultCode: '00',
    });
    expect(state.transactionNo).toMatch(/^\d+$/);
    expect(state.paidAt).toBeInstanceOf(Date);
  });

  it('bank: its pay URL is accepted by the bank, the IPN verifies, and querydr says paid', async () => {
    const opened = payment('BK-ORDER-1', 230_000);
    const { paymentUrl } = await bank.open(opened);
    const page = await axios.get<{ RspCode: string }>(paymentUrl, { validateStatus: () => true });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ RspCode: '00', vnp_TxnRef: opened.orderId });
    await expect(bank.query(order(opened))).resolves.toMatchObject({ state: 'pending', amount: 230_000 });

    await admin.post('/admin/vnpay/pay', { txnRef: opened.orderId });
    const ipn = await expectEventually(() => {
      const found = receiver.received.find((received) => received.path === '/vnpay/ipn');
      expect(found).toBeDefined();
      return found;
    });
    const query = Object.fromEntries(new URLSearchParams(ipn?.rawQuery));
    expect(bank.readCallback(query)).toMatchObject({
      kind: 'verified',
      orderId: opened.orderId,
      amount: 230_000,
      paid: true,
    });
    const state = await bank.query(order(opened));
    expect(state).toMatchObject({
      orderId: opened.orderId,
      state: 'paid',
      amount: 230_000,
      resultCode: '00',
    });
    expect(state.paidAt).toBeInstanceOf(Date);
  });

  it('says "unknown" of an order neither gateway has', async () => {
    const unknown = order(payment('NEVER-OPENED'));
    await expect(paygov.query(unknown)).resolves.toEqual({
      orderId: 'NEVER-OPENED',
      state: 'unknown',
      resultCode: '05',
    });
    await expect(bank.query(unknown)).resolves.toEqual({
      orderId: 'NEVER-OPENED',
      state: 'unknown',
      resultCode: '91',
    });
  });

  it('gives up on a gateway slower than PAYMENT_GATEWAY_TIMEOUT_MS with PartnerUnavailable', async () => {
    await sims.controls.paymentGateway.set({ latencyMs: 3000 });
    try {
      const started = Date.now();
      await expect(bank.query(order(payment('BK-SLOW-1')))).rejects.toMatchObject({
        code: DomainErrorCode.PartnerUnavailable,
      });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await sims.controls.paymentGateway.clear();
    }
  });

  it('fails fast with a 503-family DomainError while the gateway is down, then with its breaker open', async () => {
    await sims.controls.paymentGateway.set({ outage: 'http503' });
    try {
      const started = Date.now();
      const failure = await paygov.open(payment('PG-DOWN-1')).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DomainError);
      expect(failure).toMatchObject({ code: DomainErrorCode.PartnerUnavailable });
      expect(Date.now() - started).toBeLessThan(1000);
      await expect(bank.query(order(payment('BK-DOWN-1')))).rejects.toMatchObject({
        code: DomainErrorCode.PartnerUnavailable,
      });
      // Enough failures open PayGov's breaker: then nothing is sent and the answer is immediate.
      const codes = new Set<string>();
      for (let attempt = 0; attempt < 15 && !codes.has(DomainErrorCode.ConnectorOpen); attempt += 1) {
        const error = await paygov.open(payment(`PG-DOWN-${attempt + 2}`)).catch((caught: unknown) => caught);
        codes.add((error as DomainError).code);
      }
      expect(codes).toContain(DomainErrorCode.ConnectorOpen);
    } finally {
      await sims.controls.paymentGateway.clear();
    }
  });
});
