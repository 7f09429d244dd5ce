import {
  DomainError,
  DomainErrorCode,
  DossierRegisteredV1,
  PaymentCompletedV2,
  validated,
} from '@lgsp/contracts';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { toPortalDossier } from './portal-dossier.mapping';
import { keepFeePayments, paidFeeCodes, withFeesPaid } from './portal-fee-payment.mapping';

const CODE = 'H56.22-TEST-000001';
const BASE = Date.UTC(2025, 0, 31, 1, 30, 0);

function registered(fees: Record<string, unknown>[]): Record<string, unknown> {
  const body = dossierRegistration(CODE, 7, BASE);
  return toPortalDossier(validated(DossierRegisteredV1, { ...body, fees }, 'example'));
}

const fee = (code: string, amount: number) => ({
  code,
  name: `Lệ phí ${code}`,
  amount,
  collectionMethod: 'online',
  kind: 'fee',
});

function payment(fees: { code: string; amount: number }[], transactionNo = 'GD-0001'): PaymentCompletedV2 {
  return validated(
    PaymentCompletedV2,
    {
      orderId: 'DH-0001',
      dossierCode: CODE,
      amount: 80_000,
      paymentGateway: 'paygov',
      transactionNo,
      paidAt: '2025-01-31T10:15:30+07:00',
      fees,
      occurredAt: '2025-01-31T10:15:31+07:00',
    },
    'example',
  );
}

describe('national portal fee payments', () => {
  const record = registered([fee('LP01', 50_000), fee('LP02', 30_000), fee('LP03', 10_000)]);

  it('marks the paid fees paid, with the payment date in portal format and the transaction', () => {
    const paid = withFeesPaid(
      record,
      payment([
        { code: 'LP01', amount: 50_000 },
        { code: 'LP03', amount: 10_000 },
      ]),
    );
    expect(paid.DanhSachLePhi).toEqual([
      expect.objectContaining({
        MaPhiLePhi: 'LP01',
        Gia: 50_000,
        TrangThaiThanhToan: 1,
        NgayThanhToan: '20250131101530',
        MaGiaoDichThanhToan: 'GD-0001',
      }),
      expect.not.objectContaining({ TrangThaiThanhToan: expect.anything() }),
      expect.objectContaining({ MaPhiLePhi: 'LP03', TrangThaiThanhToan: 1 }),
    ]);
    expect(paidFeeCodes(paid)).toEqual(['LP01', 'LP03']);
  });

  it('leaves the status and everything but the fees as they were', () => {
    const paid = withFeesPaid(record, payment([{ code: 'LP02', amount: 30_000 }]));
    const { DanhSachLePhi: before, ...rest } = record;
    const { DanhSachLePhi: after, ...restAfter } = paid;
    expect(restAfter).toEqual(rest);
    expect(paid.TrangThaiHoSo).toBe(record.TrangThaiHoSo);
    expect(after).not.toEqual(before);
  });

  it('keeps the first payment of a fee already paid', () => {
    const once = withFeesPaid(record, payment([{ code: 'LP01', amount: 50_000 }], 'GD-FIRST'));
    const twice = withFeesPaid(once, payment([{ code: 'LP01', amount: 50_000 }], 'GD-SECOND'));
    expect(twice).toEqual(once);
  });

  it('refuses a payment naming no fee, for good', () => {
    expect(() => withFeesPaid(record, payment([]))).toThrow(
      expect.objectContaining({ code: DomainErrorCode.ValidationFailed }),
    );
  });

  it('fails, to be tried again, on a fee the record does not have yet', () => {
    const attempt = () => withFeesPaid(record, payment([{ code: 'LP09', amount: 1 }]));
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(expect.objectContaining({ code: DomainErrorCode.Internal }));
    expect(attempt).toThrow(/LP09/);
  });

  it('keeps the payment state of each fee through a dossier update, by fee code', () => {
    const paid = withFeesPaid(record, payment([{ code: 'LP02', amount: 30_000 }]));
    const updated = registered([fee('LP02', 30_000), fee('LP04', 5_000)]);
    const kept = keepFeePayments(paid, updated);
    expect(paidFeeCodes(kept)).toEqual(['LP02']);
    expect(kept.DanhSachLePhi).toEqual([
      expect.objectContaining({
        MaPhiLePhi: 'LP02',
        NgayThanhToan: '20250131101530',
        MaGiaoDichThanhToan: 'GD-0001',
      }),
      expect.not.objectContaining({ TrangThaiThanhToan: expect.anything() }),
    ]);
    expect(keepFeePayments(null, updated)).toBe(updated);
    expect(keepFeePayments(record, updated)).toBe(updated);
  });
});
