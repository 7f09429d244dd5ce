import type { AxiosInstance, AxiosResponse } from 'axios';
import { STATUS_PATH } from '../../../apps/demo/dossier-traffic';
import { dossierCodeFor, dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import type { KnownCitizen } from '../benchmarks/verification-load';

/** What the load had accepted (a 2xx), the only thing the bus promised to deliver; the rest is counted apart. */
export interface AcceptedLoad {
  /** Per dossier, how many of its life-cycle events (registration, then STATUS_PATH) were accepted, in order. */
  dossiers: Map<string, number>;
  /** Look-ups answered with a verdict: request id → verdict. */
  verifications: Map<string, string>;
  /** Fee orders opened (201) and paid by the citizen on the gateway's page: order id → its dossier and fees. */
  orders: Map<string, { dossierCode: string; feeCodes: string[] }>;
  /** Requests not accepted, by reason: a refusal, a 503 or a connection lost is not a promise. */
  notAccepted: Record<string, number>;
}

export interface MixedLoadOptions {
  run: string;
  /** Dossiers walked through their life cycle at once, each one event after another. */
  dossierLanes: number;
  /** Pause between two requests of one lane (the load is steady, not a flood). */
  paceMs: number;
  /** Every n-th dossier's fees are paid online once it is registered. */
  payEvery: number;
  citizens: KnownCitizen[];
  /** How long a request whose outcome is unknown (5xx, connection lost) is tried again once the load stops. */
  retryForMs?: number;
}

const PURPOSE = { serviceCode: '1.001193', agencyCode: 'H56.20', officerCode: 'canbo.chaos01' };
const BASE_TIME = Date.UTC(2025, 7, 1, 1, 0, 0);
const RETURN_URL = 'https://motcua.example.gov.vn/payments/return';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const isoDate = (yyyymmdd: string): string =>
  `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/**
 * A steady mix of what the province sends through the bus while faults are injected: dossiers registered and
 * walked through their life cycle, applicants verified, fees paid online. A request whose outcome is unknown is
 * sent again with the same Idempotency-Key, as the one-stop system does; only what was answered 2xx counts as
 * accepted.
 */
export class MixedLoad {
  readonly accepted: AcceptedLoad = {
    dossiers: new Map(),
    verifications: new Map(),
    orders: new Map(),
    notAccepted: {},
  };
  private running = false;
  private stoppedAt = 0;
  private nextDossier = 0;
  private lanes: Promise<void>[] = [];

  constructor(
    private readonly api: AxiosInstance,
    private readonly paymentAdmin: AxiosInstance,
    private readonly options: MixedLoadOptions,
  ) {}

  start(): void {
    this.running = true;
    const dossierLanes = Array.from({ length: this.options.dossierLanes }, () => this.dossierLane());
    this.lanes = [...dossierLanes, this.verificationLane()];
  }

  /** Stops starting new work; what is under way finishes (an unknown outcome is retried for retryForMs). */
  async stop(): Promise<void> {
    this.running = false;
    this.stoppedAt = Date.now();
    await Promise.all(this.lanes);
  }

  private refuse(reason: string): void {
    this.accepted.notAccepted[reason] = (this.accepted.notAccepted[reason] ?? 0) + 1;
  }

  private async dossierLane(): Promise<void> {
    while (this.running) {
      const index = this.nextDossier++;
      const code = dossierCodeFor(this.options.run, index);
      const events: [string, object][] = [
        ['/v1/dossiers', dossierRegistration(code, index, BASE_TIME)],
        ...STATUS_PATH.map((status, step): [string, object] => [
          `/v1/dossiers/${code}/status-changes`,
          statusChange(code, status, step + 1, BASE_TIME),
        ]),
      ];
      for (const [step, [path, body]] of events.entries()) {
        if (!(await this.send(path, body, `${this.options.run}.${code}.${step}`))) {
          // Refused: the next dossier after the same pause, not at once (a refusal is no reason to flood).
          await pause(this.options.paceMs);
          break;
        }
        this.accepted.dossiers.set(code, step + 1);
        if (step === 0 && index % this.options.payEvery === 0) await this.payFees(code, index);
        await pause(this.options.paceMs);
      }
    }
  }

  /** True once accepted; false when refused, or when its outcome stayed unknown past the retry bound. */
  private async send(path: string, body: object, idempotencyKey: string): Promise<boolean> {
    for (;;) {
      const response = await this.post(path, body, { 'idempotency-key': idempotencyKey });
      if (response && response.status >= 200 && response.status < 300) {
        const outcome = (response.data as { outcome?: string }).outcome;
        if (outcome === undefined || outcome === 'accepted') return true;
        this.refuse(`${response.status} ${outcome}`);
        return false;
      }
      if (response && response.status < 500 && response.status !== 429) {
        this.refuse(`${response.status} ${(response.data as { code?: string }).code ?? ''}`);
        return false;
      }
      if (!this.running && Date.now() - this.stoppedAt > (this.options.retryForMs ?? 60_000)) {
        this.refuse('outcome unknown when the load stopped');
        return false;
      }
      const retryAfter = Number(response?.headers['retry-after']);
      await pause(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 2) * 1_000 : 300);
    }
  }

  /** The answer, or undefined when the connection failed (the gateway died, or the balancer had none). */
  private async post(
    path: string,
    body: object,
    headers: Record<string, string> = {},
  ): Promise<AxiosResponse | undefined> {
    try {
      return await this.api.post(path, body, { headers });
    } catch (error) {
      this.refuse(`network ${(error as { code?: string }).code ?? 'error'}`);
      return undefined;
    }
  }

  private async payFees(dossierCode: string, index: number): Promise<void> {
    const { fees } = dossierRegistration(dossierCode, index, BASE_TIME) as {
      fees: { code: string; amount: number; collectionMethod?: string }[];
    };
    const online = fees
      .filter((fee) => fee.collectionMethod === 'online')
      .map(({ code, amount }) => ({ code, amount }));
    if (online.length === 0) return;
    const response = await this.post(
      '/v1/payments',
      {
        dossierCode,
        fees: online,
        amount: online.reduce((sum, fee) => sum + fee.amount, 0),
        gateway: 'paygov',
        returnUrl: RETURN_URL,
        citizenIpAddress: '203.113.1.10',
      },
      { 'idempotency-key': `${this.options.run}.${dossierCode}.payment` },
    );
    const orderId = (response?.data as { orderId?: string } | undefined)?.orderId;
    if (response?.status !== 201 || !orderId) {
      if (response) this.refuse(`payment ${response.status}`);
      return;
    }
    // The citizen pays on PayGov's page; PayGov then calls the bus back (through the balancer).
    const paid = await this.paymentAdmin.post(
      '/admin/paygov/pay',
      { orderId, errorCode: '00' },
      { validateStatus: () => true },
    );
    if (paid.status >= 300) {
      this.refuse(`citizen could not pay ${paid.status}`);
      return;
    }
    this.accepted.orders.set(orderId, { dossierCode, feeCodes: online.map((fee) => fee.code) });
  }

  private async verificationLane(): Promise<void> {
    for (let index = 0; this.running; index += 1) {
      const citizen = this.options.citizens[index % this.options.citizens.length];
      const response = await this.post('/v1/citizens/verifications', {
        personalId: citizen.SoDinhDanh,
        fullName: citizen.fullName,
        birthDate: isoDate(citizen.NgayThangNamSinh),
        purpose: { ...PURPOSE, dossierCode: `H56.20-${this.options.run}-${index}` },
      });
      const answer = response?.data as { requestId?: string; verdict?: string; code?: string } | undefined;
      if (response?.status === 200 && answer?.requestId && answer.verdict) {
        this.accepted.verifications.set(answer.requestId, answer.verdict);
      } else if (response) {
        this.refuse(`verification ${response.status} ${answer?.code ?? ''}`);
      }
      await pause(this.options.paceMs);
    }
  }
}

/** Citizens the population simulator knows, for look-ups that should all match. */
export async function knownCitizens(populationAdmin: AxiosInstance, count = 200): Promise<KnownCitizen[]> {
  const response = await populationAdmin.get<KnownCitizen[]>('/admin/population/sample', {
    params: { count },
  });
  return response.data;
}
