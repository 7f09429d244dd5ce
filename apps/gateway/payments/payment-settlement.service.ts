import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AuditLog } from '@lgsp/audit';
import { Topics } from '@lgsp/contracts';
import {
  CallbackAnswer,
  CallbackOutcome,
  PaymentGatewayName,
  RawCallback,
} from '@lgsp/adapters/payment-gateway/payment-gateway.port';
import { PaymentGatewayConnectors } from '@lgsp/adapters/payment-gateway';
import { OutboxWriter } from '@lgsp/messaging';
import { AlertNotifier, IncidentTracker, MetricsRegistry } from '@lgsp/observability';
import {
  DatabaseService,
  PaymentOrder,
  PaymentOrderRepository,
  Settlement,
  Transaction,
} from '@lgsp/persistence';
import { BusClock } from '../intake-policy/bus-clock';
import { settlementEvent } from './payment-events.factory';

/** A gateway's word on an order, from its callback or from reconciliation's query. */
export interface GatewayVerdict {
  orderId: string;
  amount: number;
  paid: boolean;
  resultCode: string;
  transactionNo: string;
  paidAt?: Date;
}

/**
 * The one path that settles an order, for callbacks and reconciliation alike: the order is locked, matched by id,
 * gateway and amount, moved from pending once, and its event committed through the outbox in the same transaction
 * as its audit record. However often and however concurrently a gateway repeats itself, one effect.
 */
@Injectable()
export class PaymentSettlementService {
  private readonly logger = new Logger('Payments');
  private readonly mismatches: Counter<'gateway'>;
  private readonly callbacks: Counter<'gateway' | 'outcome'>;
  /** One alert per mismatched order, however often its gateway repeats the callback (never resolved: a person must look). */
  private readonly mismatchedOrders = new IncidentTracker();

  constructor(
    private readonly db: DatabaseService,
    private readonly orders: PaymentOrderRepository,
    private readonly gateways: PaymentGatewayConnectors,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly clock: BusClock,
    registry: MetricsRegistry,
    private readonly alerts: AlertNotifier,
  ) {
    this.mismatches = new Counter({
      name: 'lgsp_payment_amount_mismatch_total',
      help: 'Genuine gateway messages whose amount differs from our order: an alert, see README "Payments"',
      labelNames: ['gateway'],
      registers: [registry],
    });
    this.callbacks = new Counter({
      name: 'lgsp_payment_callbacks_total',
      help: 'Payment callbacks received, by gateway and by what the bus decided',
      labelNames: ['gateway', 'outcome'],
      registers: [registry],
    });
  }

  /** Verifies a callback on its raw parameters, applies it at most once, and answers in the gateway's codes. */
  async applyCallback(gateway: PaymentGatewayName, raw: RawCallback): Promise<CallbackAnswer> {
    const connector = this.gateways.get(gateway);
    let outcome: CallbackOutcome;
    try {
      outcome = await this.judge(gateway, raw);
    } catch (error: unknown) {
      // The database or the audit record failed: nothing was applied, and the gateway's "try again" code makes it
      // send the callback again (reconciliation settles it if it never does).
      this.logger.error(
        { err: error, gateway },
        'A payment callback could not be applied; answered as an error',
      );
      outcome = 'error';
    }
    this.callbacks.inc({ gateway, outcome });
    return connector.answer(outcome);
  }

  /** Settles an order from what reconciliation learnt; the same checks and the same single effect as a callback. */
  settleFromGateway(gateway: PaymentGatewayName, verdict: GatewayVerdict): Promise<CallbackOutcome> {
    return this.settleOnce(gateway, verdict, 'reconciliation');
  }

  private async judge(gateway: PaymentGatewayName, raw: RawCallback): Promise<CallbackOutcome> {
    const reading = this.gateways.get(gateway).readCallback(raw);
    if (reading.kind === 'verified') return this.settleOnce(gateway, reading, 'callback');
    // Nothing it says is trusted; the attempt itself is recorded.
    await this.audit.append({
      stream: 'payment-callback',
      actor: gateway,
      action: 'callback',
      subject: reading.orderId ?? '(none)',
      details: { outcome: reading.kind, reason: reading.reason },
    });
    return reading.kind;
  }

  private settleOnce(
    gateway: PaymentGatewayName,
    verdict: GatewayVerdict,
    settledBy: Settlement['settledBy'],
  ): Promise<CallbackOutcome> {
    return this.db.transaction(async (tx) => {
      const order = await this.orders.findForUpdate(tx, verdict.orderId);
      const outcome = await this.decide(tx, gateway, order, verdict, settledBy);
      await this.audit.appendIn(tx, {
        stream: 'payment-callback',
        actor: gateway,
        action: settledBy === 'callback' ? 'callback' : 'reconciliation',
        subject: verdict.orderId,
        details: {
          outcome,
          dossierCode: order?.dossierCode ?? null,
          amount: verdict.amount,
          orderAmount: order?.amount ?? null,
          paid: verdict.paid,
          resultCode: verdict.resultCode,
          transactionNo: verdict.transactionNo,
        },
      });
      return outcome;
    });
  }

  private async decide(
    tx: Transaction,
    gateway: PaymentGatewayName,
    order: PaymentOrder | undefined,
    verdict: GatewayVerdict,
    settledBy: Settlement['settledBy'],
  ): Promise<CallbackOutcome> {
    // A genuine message of one gateway never settles an order opened through the other.
    if (!order || order.gateway !== gateway) return 'order-not-found';
    if (order.amount !== verdict.amount) {
      this.mismatches.inc({ gateway });
      this.logger.error(
        {
          alert: 'payment-amount-mismatch',
          gateway,
          orderId: order.orderId,
          dossierCode: order.dossierCode,
          orderAmount: order.amount,
          gatewayAmount: verdict.amount,
          paid: verdict.paid,
        },
        `ALERT: the ${gateway} gateway reports ${verdict.amount} VND for order ${order.orderId} of ${order.amount} VND; refused`,
      );
      const notice = this.mismatchedOrders.observe(`${gateway}:${order.orderId}`, true, () => ({
        alert: 'payment-amount-mismatch',
        connector: gateway,
        summary: `The ${gateway} gateway reports ${verdict.amount} VND for order ${order.orderId} of ${order.amount} VND; the callback was refused`,
        details: {
          orderId: order.orderId,
          dossierCode: order.dossierCode,
          orderAmount: order.amount,
          gatewayAmount: verdict.amount,
          paid: verdict.paid,
        },
      }));
      // Not awaited: the webhook must not hold the callback's transaction; notify never rejects.
      if (notice) void this.alerts.notify(notice);
      return 'amount-mismatch';
    }
    const settlement: Settlement = {
      state: verdict.paid ? 'paid' : 'failed',
      resultCode: verdict.resultCode,
      transactionNo: verdict.transactionNo,
      paidAt: verdict.paid ? verdict.paidAt : undefined,
      settledBy,
      settledAt: this.clock.now(),
    };
    if (!(await this.orders.settle(tx, order.orderId, settlement))) return 'already-applied';
    await this.outbox.add(tx, Topics.paymentEvents, settlementEvent(order, settlement));
    return 'applied';
  }
}
