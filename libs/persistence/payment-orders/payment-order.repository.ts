import { Injectable } from '@nestjs/common';
import { Transaction } from '../database.service';

export type PaymentOrderState = 'pending' | 'paid' | 'failed';

export interface PaymentFee {
  code: string;
  amount: number;
}

export interface NewPaymentOrder {
  orderId: string;
  dossierCode: string;
  agencyCode: string;
  clientId: string;
  feeSet: string;
  fees: PaymentFee[];
  amount: number;
  gateway: string;
  description: string;
  returnUrl: string;
  clientIp: string;
  paymentUrl: string;
  gatewayReference?: string;
  createdAt: Date;
}

export interface PaymentOrder extends NewPaymentOrder {
  state: PaymentOrderState;
  resultCode?: string;
  transactionNo?: string;
  paidAt?: Date;
  settledBy?: 'callback' | 'reconciliation';
  settledAt?: Date;
}

/** How an order is settled: paid or failed, by whom, with the gateway's transaction. */
export interface Settlement {
  state: 'paid' | 'failed';
  resultCode: string;
  transactionNo: string;
  paidAt?: Date;
  settledBy: 'callback' | 'reconciliation';
  settledAt: Date;
}

interface PaymentOrderRow {
  order_id: string;
  dossier_code: string;
  agency_code: string;
  client_id: string;
  fee_set: string;
  fees: PaymentFee[];
  amount: string;
  gateway: string;
  description: string;
  return_url: string;
  client_ip: string;
  payment_url: string;
  gateway_reference: string | null;
  state: PaymentOrderState;
  result_code: string | null;
  transaction_no: string | null;
  paid_at: Date | null;
  settled_by: 'callback' | 'reconciliation' | null;
  created_at: Date;
  settled_at: Date | null;
}

const COLUMNS = `order_id, dossier_code, agency_code, client_id, fee_set, fees, amount, gateway, description,
  return_url, client_ip, payment_url, gateway_reference, state, result_code, transaction_no, paid_at, settled_by,
  created_at, settled_at`;

/** Orders for dossier fees paid online, and the one transition each makes from pending to settled. */
@Injectable()
export class PaymentOrderRepository {
  /** Serialises the creation of orders for one fee set until the transaction ends. */
  async lockFeeSet(tx: Transaction, feeSet: string): Promise<void> {
    // Advisory locks belong to the whole database: the schema keeps deployments sharing one apart.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))`, [
      `\npayment-order\n${feeSet}`,
    ]);
  }

  /** The pending or paid order of a fee set, if there is one. */
  async openOrPaidFor(tx: Transaction, feeSet: string): Promise<PaymentOrder | undefined> {
    const { rows } = await tx.query<PaymentOrderRow>(
      `SELECT ${COLUMNS} FROM payment_order WHERE fee_set = $1 AND state IN ('pending', 'paid')`,
      [feeSet],
    );
    return rows[0] && toOrder(rows[0]);
  }

  async insert(tx: Transaction, order: NewPaymentOrder): Promise<void> {
    await tx.query(
      `INSERT INTO payment_order (order_id, dossier_code, agency_code, client_id, fee_set, fees, amount, gateway,
         description, return_url, client_ip, payment_url, gateway_reference, state, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14)`,
      [
        order.orderId,
        order.dossierCode,
        order.agencyCode,
        order.clientId,
        order.feeSet,
        JSON.stringify(order.fees),
        order.amount,
        order.gateway,
        order.description,
        order.returnUrl,
        order.clientIp,
        order.paymentUrl,
        order.gatewayReference ?? null,
        order.createdAt,
      ],
    );
  }

  async find(tx: Transaction, orderId: string): Promise<PaymentOrder | undefined> {
    const { rows } = await tx.query<PaymentOrderRow>(
      `SELECT ${COLUMNS} FROM payment_order WHERE order_id = $1`,
      [orderId],
    );
    return rows[0] && toOrder(rows[0]);
  }

  /** The order, locked until the transaction ends: concurrent callbacks for it settle one after another. */
  async findForUpdate(tx: Transaction, orderId: string): Promise<PaymentOrder | undefined> {
    const { rows } = await tx.query<PaymentOrderRow>(
      `SELECT ${COLUMNS} FROM payment_order WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    return rows[0] && toOrder(rows[0]);
  }

  /** Moves a pending order to its outcome; false when it was already settled (nothing changes then). */
  async settle(tx: Transaction, orderId: string, settlement: Settlement): Promise<boolean> {
    const result = await tx.query(
      `UPDATE payment_order SET state = $2, result_code = $3, transaction_no = $4, paid_at = $5, settled_by = $6,
         settled_at = $7
       WHERE order_id = $1 AND state = 'pending'`,
      [
        orderId,
        settlement.state,
        settlement.resultCode,
        settlement.transactionNo,
        settlement.paidAt ?? null,
        settlement.settledBy,
        settlement.settledAt,
      ],
    );
    return result.rowCount === 1;
  }

  /** Orders still pending that were created before `createdBefore`, oldest first: candidates for reconciliation. */
  async pendingSince(tx: Transaction, createdBefore: Date, limit: number): Promise<PaymentOrder[]> {
    const { rows } = await tx.query<PaymentOrderRow>(
      `SELECT ${COLUMNS} FROM payment_order WHERE state = 'pending' AND created_at < $1
       ORDER BY created_at LIMIT $2`,
      [createdBefore, limit],
    );
    return rows.map(toOrder);
  }

  /** Orders created in a period, for the daily comparison with the gateways. */
  async createdBetween(tx: Transaction, from: Date, to: Date): Promise<PaymentOrder[]> {
    const { rows } = await tx.query<PaymentOrderRow>(
      `SELECT ${COLUMNS} FROM payment_order WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at`,
      [from, to],
    );
    return rows.map(toOrder);
  }
}

function toOrder(row: PaymentOrderRow): PaymentOrder {
  return {
    orderId: row.order_id,
    dossierCode: row.dossier_code,
    agencyCode: row.agency_code,
    clientId: row.client_id,
    feeSet: row.fee_set,
    fees: row.fees,
    amount: Number(row.amount),
    gateway: row.gateway,
    description: row.description,
    returnUrl: row.return_url,
    clientIp: row.client_ip,
    paymentUrl: row.payment_url,
    gatewayReference: row.gateway_reference ?? undefined,
    state: row.state,
    resultCode: row.result_code ?? undefined,
    transactionNo: row.transaction_no ?? undefined,
    paidAt: row.paid_at ?? undefined,
    settledBy: row.settled_by ?? undefined,
    createdAt: row.created_at,
    settledAt: row.settled_at ?? undefined,
  };
}
