import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PaymentOrder } from '@lgsp/persistence';
import { PaymentFeeItem } from './payment-order.request';

/** An order as the API shows it: never the caller's client id or the citizen's address. */
export class PaymentOrderDocument {
  @ApiProperty({ description: "Our order id, the gateway's order reference" })
  orderId!: string;

  @ApiProperty()
  dossierCode!: string;

  @ApiProperty({ type: [PaymentFeeItem] })
  fees!: PaymentFeeItem[];

  @ApiProperty({ description: 'Whole VND' })
  amount!: number;

  @ApiProperty({ enum: ['paygov', 'bank'] })
  gateway!: string;

  @ApiProperty({ description: 'Where the citizen pays' })
  paymentUrl!: string;

  @ApiProperty({ enum: ['pending', 'paid', 'failed'] })
  state!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiPropertyOptional({ description: "The gateway's transaction number, once settled" })
  transactionNo?: string;

  @ApiPropertyOptional()
  paidAt?: string;

  @ApiPropertyOptional({ enum: ['callback', 'reconciliation'], description: 'What settled the order' })
  settledBy?: string;
}

export function paymentOrderDocument(order: PaymentOrder): PaymentOrderDocument {
  return {
    orderId: order.orderId,
    dossierCode: order.dossierCode,
    fees: order.fees,
    amount: order.amount,
    gateway: order.gateway,
    paymentUrl: order.paymentUrl,
    state: order.state,
    createdAt: order.createdAt.toISOString(),
    ...(order.transactionNo ? { transactionNo: order.transactionNo } : {}),
    ...(order.paidAt ? { paidAt: order.paidAt.toISOString() } : {}),
    ...(order.settledBy ? { settledBy: order.settledBy } : {}),
  };
}
