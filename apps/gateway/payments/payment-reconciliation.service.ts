import { Injectable, Logger } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { PaymentGatewayConnectors } from '@lgsp/adapters/payment-gateway';
import {
  GatewayOrderState,
  PaymentGatewayName,
  isPaymentGatewayName,
} from '@lgsp/adapters/payment-gateway/payment-gateway.port';
import { DatabaseService, PaymentOrder, PaymentOrderRepository } from '@lgsp/persistence';
import { BusClock } from '../intake-policy/bus-clock';
import { paymentReconciliationConfig } from './payment-reconciliation.config';
import { PaymentSettlementService } from './payment-settlement.service';

/** What one reconciliation run did; each order appears in one list. */
export interface ReconciliationSummary {
  checked: number;
  /** Settled now through the exactly-once path (their callback was lost). */
  settled: string[];
  /** The gateway still has them open. */
  stillPending: string[];
  /** The gateway reports another amount: refused and alerted, for a person to look at. */
  amountMismatch: string[];
  /** The gateway does not know them, or could not be asked (reason given). */
  unresolved: { orderId: string; reason: string }[];
}

/** An order whose state differs between the bus and its gateway. */
export interface ReportDifference {
  orderId: string;
  dossierCode: string;
  gateway: string;
  bus: { state: string; amount: number };
  gatewayState: { state: string; amount?: number } | { error: string };
}

const BATCH = 200;

/**
 * Lost callbacks: asks each gateway about orders still pending after PAYMENT_RECONCILE_AFTER_MS and settles them
 * through the same path as a callback. The daily report compares every order of a day with its gateway and
 * trusts neither side: a gateway may record a payment whose amount the bus refused.
 */
@Injectable()
export class PaymentReconciliationService {
  private readonly logger = new Logger('PaymentReconciliation');
  private readonly afterMs: number;

  constructor(
    private readonly db: DatabaseService,
    private readonly orders: PaymentOrderRepository,
    private readonly gateways: PaymentGatewayConnectors,
    private readonly settlement: PaymentSettlementService,
    private readonly clock: BusClock,
    config: BusConfig,
  ) {
    this.afterMs = config.slice(paymentReconciliationConfig).afterMs;
  }

  async reconcilePending(afterMs: number = this.afterMs): Promise<ReconciliationSummary> {
    const before = new Date(this.clock.now().getTime() - afterMs);
    const pending = await this.db.transaction((tx) => this.orders.pendingSince(tx, before, BATCH));
    const summary: ReconciliationSummary = {
      checked: pending.length,
      settled: [],
      stillPending: [],
      amountMismatch: [],
      unresolved: [],
    };
    for (const order of pending) await this.reconcileOne(order, summary);
    if (pending.length > 0) this.logger.log({ ...summary }, 'Payment reconciliation run');
    return summary;
  }

  /** Orders created on one day (UTC+7, the province's day) whose state differs from their gateway's. */
  async report(day: string): Promise<ReportDifference[]> {
    const from = new Date(`${day}T00:00:00+07:00`);
    const to = new Date(from.getTime() + 24 * 3_600_000);
    const orders = await this.db.transaction((tx) => this.orders.createdBetween(tx, from, to));
    const differences: ReportDifference[] = [];
    for (const order of orders) {
      const asked = await this.ask(order);
      const bus = { state: order.state, amount: order.amount };
      if ('error' in asked) {
        differences.push({ ...identity(order), bus, gatewayState: { error: asked.error } });
      } else if (asked.state.state !== order.state || (asked.state.amount ?? order.amount) !== order.amount) {
        differences.push({
          ...identity(order),
          bus,
          gatewayState: { state: asked.state.state, amount: asked.state.amount },
        });
      }
    }
    return differences;
  }

  private async reconcileOne(order: PaymentOrder, summary: ReconciliationSummary): Promise<void> {
    const asked = await this.ask(order);
    if ('error' in asked) {
      summary.unresolved.push({ orderId: order.orderId, reason: asked.error });
      return;
    }
    const { state } = asked;
    if (state.state === 'pending') {
      summary.stillPending.push(order.orderId);
      return;
    }
    if (state.state === 'unknown') {
      summary.unresolved.push({ orderId: order.orderId, reason: 'the gateway does not know this order' });
      return;
    }
    const outcome = await this.settlement.settleFromGateway(asked.gateway, {
      orderId: order.orderId,
      amount: state.amount ?? order.amount,
      paid: state.state === 'paid',
      resultCode: state.resultCode ?? (state.state === 'paid' ? '00' : 'failed'),
      transactionNo: state.transactionNo ?? '',
      paidAt: state.paidAt,
    });
    if (outcome === 'amount-mismatch') summary.amountMismatch.push(order.orderId);
    else if (outcome === 'applied') summary.settled.push(order.orderId);
  }

  private async ask(
    order: PaymentOrder,
  ): Promise<{ gateway: PaymentGatewayName; state: GatewayOrderState } | { error: string }> {
    if (!isPaymentGatewayName(order.gateway)) return { error: `unknown gateway ${order.gateway}` };
    try {
      const state = await this.gateways.get(order.gateway).query({
        orderId: order.orderId,
        createdAt: order.createdAt,
        clientIp: order.clientIp,
        description: order.description,
      });
      return { gateway: order.gateway, state };
    } catch (error: unknown) {
      // One gateway down does not stop the others' orders; the order stays pending for the next run.
      this.logger.warn({ err: error, orderId: order.orderId }, 'Could not ask the gateway about an order');
      return { error: error instanceof Error ? error.message : 'the gateway could not be asked' };
    }
  }
}

function identity(order: PaymentOrder): Pick<ReportDifference, 'orderId' | 'dossierCode' | 'gateway'> {
  return { orderId: order.orderId, dossierCode: order.dossierCode, gateway: order.gateway };
}
