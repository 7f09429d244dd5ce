import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../kit/reset.registry';

export type Gateway = 'paygov' | 'vnpay';
export type TransactionStatus = 'pending' | 'paid' | 'failed';

export interface PaymentTransaction {
  gateway: Gateway;
  orderId: string;
  /** Whole VND. */
  amount: number;
  orderInfo: string;
  requestCode: string;
  returnUrl: string;
  transactionCode: string;
  createdAt: string;
  /** The merchant's own creation time for VNPay (vnp_CreateDate), needed by its query API. */
  createDate?: string;
  status: TransactionStatus;
  transactionNo?: string;
  payDate?: string;
  resultCode?: string;
}

/** Transactions of both gateways, by gateway and order id. */
@Injectable()
export class PaymentTransactionStore {
  private readonly transactions = new Map<string, PaymentTransaction>();
  private counter = 0;

  constructor(resets: ResetRegistry) {
    resets.add(this);
  }

  get(gateway: Gateway, orderId: string): PaymentTransaction | undefined {
    return this.transactions.get(`${gateway}:${orderId}`);
  }

  byTransactionCode(code: string): PaymentTransaction | undefined {
    return [...this.transactions.values()].find((transaction) => transaction.transactionCode === code);
  }

  add(transaction: PaymentTransaction): void {
    this.transactions.set(`${transaction.gateway}:${transaction.orderId}`, transaction);
  }

  /** A fresh gateway-side number, unique within this simulator run. */
  nextNumber(): string {
    this.counter += 1;
    return String(14_000_000 + this.counter);
  }

  list(gateway?: Gateway): PaymentTransaction[] {
    return [...this.transactions.values()].filter(
      (transaction) => !gateway || transaction.gateway === gateway,
    );
  }

  reset(): void {
    this.transactions.clear();
    this.counter = 0;
  }
}
