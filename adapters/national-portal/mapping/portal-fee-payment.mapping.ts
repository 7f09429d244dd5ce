import { DomainError, DomainErrorCode, PaymentCompletedV2 } from '@lgsp/contracts';
import { formatPortalDate } from '../portal-date';
import { PortalDossier } from './portal-dossier.mapping';

/**
 * The fields a paid DanhSachLePhi entry carries. OUR NAMES, NOT YET THE PORTAL'S: the national portal's published
 * DongBoHoSoMC specification has no payment fields on a fee, so these follow its naming style and are to be
 * aligned with the real portal before going live (docs/payments.md, "What the national portal receives").
 */
export const FEE_PAYMENT_FIELDS = ['TrangThaiThanhToan', 'NgayThanhToan', 'MaGiaoDichThanhToan'] as const;

/** TrangThaiThanhToan: 1 paid. An unpaid fee carries no payment field at all (as before payments existed). */
export const FEE_PAID = 1;

type PortalFee = Record<string, unknown>;

const feesOf = (record: PortalDossier): PortalFee[] =>
  Array.isArray(record.DanhSachLePhi) ? (record.DanhSachLePhi as PortalFee[]) : [];

const isPaid = (fee: PortalFee): boolean => fee.TrangThaiThanhToan === FEE_PAID;

/** The codes of the fees a portal record shows as paid. */
export function paidFeeCodes(record: PortalDossier): string[] {
  return feesOf(record)
    .filter(isPaid)
    .map((fee) => String(fee.MaPhiLePhi));
}

/**
 * The record the portal holds, with the fees this payment paid marked paid; everything else (the status first
 * of all: the one-stop system moves it) stays as it was. A fee already marked paid by another payment keeps its
 * first payment. The payment must name fees, each one the record has: a fee the record lacks fails as Internal
 * (retried), since the dossier update that adds it may still be on its way on the dossier topic.
 */
export function withFeesPaid(previous: PortalDossier, payment: PaymentCompletedV2): PortalDossier {
  if (payment.fees.length === 0) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `Payment ${payment.orderId} of dossier ${payment.dossierCode} names no fees (a payment.completed v1): ` +
        'the portal cannot be told which fee was paid',
    );
  }
  const fees = feesOf(previous);
  const known = new Set(fees.map((fee) => fee.MaPhiLePhi));
  const unknown = payment.fees.filter((fee) => !known.has(fee.code)).map((fee) => fee.code);
  if (unknown.length > 0) {
    throw new DomainError(
      DomainErrorCode.Internal,
      `Payment ${payment.orderId} names fees the portal record of dossier ${payment.dossierCode} does not have ` +
        `(${unknown.join(', ')}): the dossier update adding them has not reached the portal`,
    );
  }
  const paid = new Set(payment.fees.map((fee) => fee.code));
  const mark = {
    TrangThaiThanhToan: FEE_PAID,
    NgayThanhToan: formatPortalDate(new Date(payment.paidAt)),
    MaGiaoDichThanhToan: payment.transactionNo,
  };
  return {
    ...previous,
    DanhSachLePhi: fees.map((fee) =>
      paid.has(String(fee.MaPhiLePhi)) && !isPaid(fee) ? { ...fee, ...mark } : fee,
    ),
  };
}

/**
 * A dossier update carries the fees without their payment state, which the bus learnt from the payment events:
 * the payment fields of each fee the previous record showed paid are kept on the fee of the same code.
 */
export function keepFeePayments(previous: PortalDossier | null, next: PortalDossier): PortalDossier {
  const paidByCode = new Map(
    (previous ? feesOf(previous) : []).filter(isPaid).map((fee) => [fee.MaPhiLePhi, fee]),
  );
  if (paidByCode.size === 0) return next;
  return {
    ...next,
    DanhSachLePhi: feesOf(next).map((fee) => {
      const paid = paidByCode.get(fee.MaPhiLePhi);
      if (!paid) return fee;
      const payment = Object.fromEntries(
        FEE_PAYMENT_FIELDS.filter((field) => paid[field] !== undefined).map((field) => [field, paid[field]]),
      );
      return { ...fee, ...payment };
    }),
  };
}
