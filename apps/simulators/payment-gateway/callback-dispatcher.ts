import { Inject, Injectable } from '@nestjs/common';
import axios from 'axios';
import { vnpayFormEncode } from '@lgsp/adapters/payment-gateway/vnpay/vnpay-signature';
import { Clock } from '../kit/clock';
import { ResetRegistry } from '../kit/reset.registry';
import { PAYMENT_OPTIONS, PaymentSimulatorOptions } from './payment-simulator.options';
import { Gateway } from './payment-transaction.store';

export type DeliveryState = 'held' | 'scheduled' | 'sending' | 'delivered' | 'failed';

/** One callback to the bus: a PayGov JSON POST or a VNPay IPN GET. */
export interface CallbackDelivery {
  id: string;
  gateway: Gateway;
  orderId: string;
  method: 'POST' | 'GET';
  url: string;
  /** JSON body (PayGov) or query parameters (VNPay IPN), exactly as sent. */
  payload: Record<string, unknown>;
  badSignature: boolean;
  state: DeliveryState;
  createdAt: string;
  sentAt?: string;
  responseStatus?: number;
  responseBody?: unknown;
  error?: string;
}

export interface DeliveryPlan {
  delayMs?: number;
  hold?: boolean;
}

/**
 * Sends payment callbacks to the bus, and lets tests make them misbehave: late (delayMs), held back and then
 * released in any order, or sent several times. Every attempt and the bus's answer are kept.
 */
@Injectable()
export class CallbackDispatcher {
  private deliveries: CallbackDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    @Inject(PAYMENT_OPTIONS) private readonly options: PaymentSimulatorOptions,
    resets: ResetRegistry,
  ) {
    resets.add(this);
  }

  prepare(input: Omit<CallbackDelivery, 'id' | 'state' | 'createdAt'>, plan: DeliveryPlan): CallbackDelivery {
    this.counter += 1;
    const delivery: CallbackDelivery = {
      ...input,
      id: `cb-${this.counter}`,
      state: plan.hold ? 'held' : 'scheduled',
      createdAt: this.clock.now().toISOString(),
    };
    this.deliveries.push(delivery);
    if (!plan.hold) this.schedule(delivery, plan.delayMs ?? 0);
    return delivery;
  }

  /** Sends held callbacks one after another in the given order, each after the bus answered the previous. */
  async release(ids: string[]): Promise<CallbackDelivery[]> {
    const chosen = ids.map((id) => this.deliveries.find((delivery) => delivery.id === id));
    const missing = ids.filter((_, index) => chosen[index]?.state !== 'held');
    if (missing.length > 0) throw new UnknownDeliveryError(missing);
    const released: CallbackDelivery[] = [];
    for (const delivery of chosen) {
      if (!delivery) continue;
      await this.send(delivery);
      released.push(delivery);
    }
    return released;
  }

  list(orderId?: string): CallbackDelivery[] {
    return this.deliveries.filter((delivery) => !orderId || delivery.orderId === orderId);
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  reset(): void {
    this.dispose();
    this.deliveries = [];
    this.counter = 0;
  }

  private schedule(delivery: CallbackDelivery, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.send(delivery);
    }, delayMs);
    this.timers.add(timer);
  }

  private async send(delivery: CallbackDelivery): Promise<void> {
    delivery.state = 'sending';
    delivery.sentAt = this.clock.now().toISOString();
    try {
      const response = await axios.request({
        method: delivery.method,
        url: delivery.method === 'GET' ? withQuery(delivery.url, delivery.payload) : delivery.url,
        ...(delivery.method === 'POST' ? { data: delivery.payload } : {}),
        timeout: this.options.callbackTimeoutMs,
        validateStatus: () => true,
        // The bus's answer is recorded as text when it is not JSON, never dropped.
        transitional: { silentJSONParsing: true },
      });
      delivery.responseStatus = response.status;
      delivery.responseBody = response.data as unknown;
      delivery.state = response.status >= 200 && response.status < 300 ? 'delivered' : 'failed';
    } catch (error) {
      delivery.state = 'failed';
      delivery.error = error instanceof Error ? error.message : String(error);
    }
  }
}

// IPN parameters travel encoded exactly as they were signed, so a verifier re-encoding them gets the same text.
function withQuery(url: string, params: Record<string, unknown>): string {
  const query = Object.entries(params)
    .map(([key, value]) => `${vnpayFormEncode(key)}=${vnpayFormEncode(String(value))}`)
    .join('&');
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

export class UnknownDeliveryError extends Error {
  constructor(readonly ids: string[]) {
    super(`not held callbacks: ${ids.join(', ')}`);
  }
}
