import { AxiosError } from 'axios';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { asPortalReply, isOutcomeUnknown, transportFailure } from './client/portal-reply';
import type { PortalCallEntry } from './portal-call';
import { appliedEntries } from './unknown-outcome-check.service';

const entry = (messageId: string, record: Record<string, unknown>): PortalCallEntry => ({
  messageId,
  record,
  dossierCode: 'H56.1',
  bytes: 0,
  previous: null,
});

describe('appliedEntries', () => {
  const states = [
    entry('m1', { MaHoSo: 'H56.1', TrangThaiHoSo: 2 }),
    entry('m2', { MaHoSo: 'H56.1', TrangThaiHoSo: 4 }),
    entry('m3', { MaHoSo: 'H56.1', TrangThaiHoSo: 6 }),
  ];

  it('takes a dossier record as far as the portal’s current record shows it applied', () => {
    const holding = { current: { MaHoSo: 'H56.1', TrangThaiHoSo: 4, Extra: 'kept' }, steps: [] };
    expect(appliedEntries('DongBoHoSoMC', states, holding).map((e) => e.messageId)).toEqual(['m1', 'm2']);
  });

  it('finds nothing applied when the portal holds an older record or no dossier at all', () => {
    const older = { current: { MaHoSo: 'H56.1', TrangThaiHoSo: 1 }, steps: [] };
    expect(appliedEntries('DongBoHoSoMC', states, older)).toEqual([]);
    expect(appliedEntries('DongBoHoSoMC', states, null)).toEqual([]);
  });

  it('matches processing steps one by one against the steps the portal keeps', () => {
    const steps = [
      entry('s1', { MaHoSo: 'H56.1', TrangThai: 2, ThoiDiemXuLy: '20250701080000' }),
      entry('s2', { MaHoSo: 'H56.1', TrangThai: 4, ThoiDiemXuLy: '20250701090000' }),
    ];
    const holding = {
      current: {},
      steps: [{ MaHoSo: 'H56.1', TrangThai: 2, ThoiDiemXuLy: '20250701080000', NguoiXuLy: 'x' }],
    };
    expect(appliedEntries('CapNhatTienDoHoSoMC', steps, holding).map((e) => e.messageId)).toEqual(['s1']);
  });
});

describe('isOutcomeUnknown', () => {
  const unavailable = (cause: unknown): DomainError =>
    new DomainError(DomainErrorCode.PartnerUnavailable, 'no answer', [], { cause });

  it('is unknown when no answer came: the breaker’s timeout, a connection lost before the reply', () => {
    expect(isOutcomeUnknown(unavailable({ code: 'ETIMEDOUT' }))).toBe(true);
    const reset = transportFailure('DongBoHoSoMC', new AxiosError('socket hang up', 'ECONNRESET'));
    expect(isOutcomeUnknown(reset)).toBe(true);
  });

  it('is unknown when the answer could not be read (the portal may have applied the call)', () => {
    expect(() => asPortalReply('{"error_co')).toThrow(DomainError);
    try {
      asPortalReply('{"error_co');
    } catch (error) {
      expect(isOutcomeUnknown(error)).toBe(true);
    }
  });

  it('is known when the portal answered, refused, or the call never left', () => {
    const answered = new AxiosError('fail', 'ERR_BAD_RESPONSE', undefined, undefined, {
      status: 500,
    } as AxiosError['response']);
    expect(isOutcomeUnknown(transportFailure('DongBoHoSoMC', answered))).toBe(false);
    const refused = transportFailure('DongBoHoSoMC', new AxiosError('refused', 'ECONNREFUSED'));
    expect(isOutcomeUnknown(refused)).toBe(false);
    expect(isOutcomeUnknown(new DomainError(DomainErrorCode.RejectedByPartner, 'no'))).toBe(false);
    expect(isOutcomeUnknown(new DomainError(DomainErrorCode.ConnectorOpen, 'open'))).toBe(false);
  });
});
