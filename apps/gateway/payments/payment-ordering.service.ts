import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { PaymentGatewayConnectors } from '@lgsp/adapters/payment-gateway';
import {
  DatabaseService,
  DossierLedgerRepository,
  PaymentOrder,
  PaymentOrderRepository,
  Transaction,
} from '@lgsp/persistence';
import { Principal, canReachAgency } from '@lgsp/security';
import { BusClock } from '../intake-policy/bus-clock';
import { PaymentOrderRequest } from './payment-order.request';

export interface OrderPlaced {
  order: PaymentOrder;
  /** False when a retried request found the order the first one created. */
  created: boolean;
}

const ORDER_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Opens payment orders. The gateway is called inside the transaction that inserts the order, under a lock on the
 * fee set: if the gateway fails, the transaction rolls back and no order is left half-open; a retried request
 * waits for the first and then finds its order.
 */
@Injectable()
export class PaymentOrderingService {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: DossierLedgerRepository,
    private readonly orders: PaymentOrderRepository,
    private readonly gateways: PaymentGatewayConnectors,
    private readonly clock: BusClock,
  ) {}

  async place(principal: Principal, request: PaymentOrderRequest, callerIp: string): Promise<OrderPlaced> {
    assertAmountIsSumOfFees(request);
    const feeSet = feeSetOf(request);
    return this.db.transaction(async (tx) => {
      const agencyCode = await this.reachableAgency(tx, principal, request.dossierCode);
      await this.orders.lockFeeSet(tx, feeSet);
      const existing = await this.orders.openOrPaidFor(tx, feeSet);
      if (existing) return { order: this.sameOrder(existing, request), created: false };
      const createdAt = this.clock.now();
      const orderId = newOrderId(createdAt);
      const description = request.description ?? `Fees of dossier ${request.dossierCode}`;
      const clientIp = request.citizenIpAddress ?? callerIp;
      const opened = await this.gateways.get(request.gateway).open({
        orderId,
        dossierCode: request.dossierCode,
        amount: request.amount,
        description,
        returnUrl: request.returnUrl,
        clientIp,
        createdAt,
      });
      const order = {
        orderId,
        dossierCode: request.dossierCode,
        agencyCode,
        clientId: principal.clientId,
        feeSet,
        fees: request.fees.map(({ code, amount }) => ({ code, amount })),
        amount: request.amount,
        gateway: request.gateway,
        description,
        returnUrl: request.returnUrl,
        clientIp,
        paymentUrl: opened.paymentUrl,
        gatewayReference: opened.gatewayReference,
        createdAt,
      };
      await this.orders.insert(tx, order);
      return { order: { ...order, state: 'pending' }, created: true };
    });
  }

  /** An order of a dossier the client may read; another agency's order answers as one that does not exist. */
  async find(principal: Principal, orderId: string): Promise<PaymentOrder> {
    const order = await this.db.transaction((tx) => this.orders.find(tx, orderId));
    if (!order || !canReachAgency(principal, order.agencyCode)) {
      throw new DomainError(DomainErrorCode.NotFound, `No payment order ${orderId}`);
    }
    return order;
  }

  private async reachableAgency(tx: Transaction, principal: Principal, dossierCode: string): Promise<string> {
    const agency = await this.ledger.agencyOf(tx, dossierCode);
    if (agency === undefined || !canReachAgency(principal, agency)) {
      throw new DomainError(
        DomainErrorCode.NotFound,
        `Dossier ${dossierCode} is not registered for an agency this client is bound to`,
      );
    }
    return agency;
  }

  /** A retry names the same gateway and amount; anything else is another request for a fee set already taken. */
  private sameOrder(existing: PaymentOrder, request: PaymentOrderRequest): PaymentOrder {
    if (existing.state === 'paid') {
      throw new DomainError(
        DomainErrorCode.Conflict,
        `These fees of dossier ${existing.dossierCode} are already paid (order ${existing.orderId})`,
      );
    }
    if (existing.gateway !== request.gateway) {
      throw new DomainError(
        DomainErrorCode.Conflict,
        `Order ${existing.orderId} for these fees is open through ${existing.gateway}`,
        [{ field: 'gateway', message: `an order for these fees is open through ${existing.gateway}` }],
      );
    }
    return existing;
  }
}

function assertAmountIsSumOfFees(request: PaymentOrderRequest): void {
  const total = request.fees.reduce((sum, fee) => sum + fee.amount, 0);
  if (total !== request.amount) {
    throw new DomainError(DomainErrorCode.ValidationFailed, 'The amount is not the sum of the fees', [
      { field: 'amount', message: `must equal the sum of the fees (${total})` },
    ]);
  }
  const codes = request.fees.map((fee) => fee.code);
  const repeated = codes.find((code, index) => codes.indexOf(code) !== index);
  if (repeated !== undefined) {
    throw new DomainError(DomainErrorCode.ValidationFailed, 'A fee is listed twice', [
      { field: 'fees', message: `${repeated} is listed twice` },
    ]);
  }
}

/** The dossier code plus its sorted fee codes and amounts: what makes two requests the same payment. */
export function feeSetOf(request: Pick<PaymentOrderRequest, 'dossierCode' | 'fees'>): string {
  const fees = request.fees.map((fee) => `${fee.code}=${fee.amount}`).sort();
  return [request.dossierCode, ...fees].join('\n');
}

/** `P` + the day + 12 random characters: unique, unguessable, and within both gateways' reference limits. */
function newOrderId(at: Date): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  const random = [...randomBytes(12)].map((byte) => ORDER_ID_ALPHABET[byte % 32]).join('');
  return `P${day}${random}`;
}
