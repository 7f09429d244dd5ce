import { PAYMENT_COMPLETED, PAYMENT_FAILED } from '@lgsp/contracts';
import type { PaymentFailedV1 } from '@lgsp/contracts/payment-failed/v1/payment-failed.v1';
import type { PaymentCompletedV2 } from '@lgsp/contracts/payment-completed/v2/payment-completed.v2';
import { Envelope, createEnvelope } from '@lgsp/messaging';
import type { PaymentOrder, Settlement } from '@lgsp/persistence';
import { GATEWAY_SOURCE } from '../dossiers/dossier-event.factory';

/** The event a settled order becomes, keyed by its dossier so it stays in order with the dossier's events. */
export function settlementEvent(
  order: PaymentOrder,
  settlement: Settlement,
): Envelope<PaymentCompletedV2> | Envelope<PaymentFailedV1> {
  const occurredAt = settlement.settledAt;
  const common = {
    orderId: order.orderId,
    dossierCode: order.dossierCode,
    amount: order.amount,
    paymentGateway: order.gateway,
    occurredAt: occurredAt.toISOString(),
  };
  if (settlement.state === 'paid') {
    return createEnvelope<PaymentCompletedV2>({
      type: PAYMENT_COMPLETED,
      contractVersion: 2,
      key: order.dossierCode,
      payload: {
        ...common,
        fees: order.fees,
        transactionNo: settlement.transactionNo,
        paidAt: (settlement.paidAt ?? occurredAt).toISOString(),
      },
      source: GATEWAY_SOURCE,
      occurredAt,
    });
  }
  return createEnvelope<PaymentFailedV1>({
    type: PAYMENT_FAILED,
    contractVersion: 1,
    key: order.dossierCode,
    payload: {
      ...common,
      reasonCode: settlement.resultCode,
      reason: `The ${order.gateway} gateway reported the payment as not made (code ${settlement.resultCode})`,
    },
    source: GATEWAY_SOURCE,
    occurredAt,
  });
}
