import { AxiosError, AxiosHeaders } from 'axios';
import { DomainErrorCode } from '@lgsp/contracts';
import { isOutcomeUnknown, rejection, transportFailure } from './portal-reply';

function axiosFailure(status: number | undefined): AxiosError {
  const config = { headers: new AxiosHeaders(), data: '{"session":"secret-session-token","madonvi":"H56"}' };
  const response = status ? { status, statusText: '', headers: {}, config, data: {} } : undefined;
  return new AxiosError(
    'request failed',
    status ? 'ERR_BAD_RESPONSE' : 'ECONNREFUSED',
    config,
    undefined,
    response,
  );
}

describe('portal reply classification', () => {
  it('treats 5xx, 429 and network failures as a partner that may recover', () => {
    expect(transportFailure('DongBoHoSoMC', axiosFailure(503)).code).toBe(DomainErrorCode.PartnerUnavailable);
    expect(transportFailure('DongBoHoSoMC', axiosFailure(429)).code).toBe(DomainErrorCode.PartnerUnavailable);
    expect(transportFailure('DongBoHoSoMC', axiosFailure(undefined)).code).toBe(
      DomainErrorCode.PartnerUnavailable,
    );
    expect(transportFailure('DongBoHoSoMC', axiosFailure(400)).code).toBe(DomainErrorCode.RejectedByPartner);
  });

  it('takes an answer cut off after a 2xx status line as an answer lost, not as a refusal', () => {
    // What axios reports when the connection is reset after the status line, in the middle of the body.
    const cutOff = transportFailure('CapNhatTienDoHoSoMC', axiosFailure(200));
    expect(cutOff.code).toBe(DomainErrorCode.PartnerUnavailable);
    expect(isOutcomeUnknown(cutOff)).toBe(true);
    expect(isOutcomeUnknown(transportFailure('CapNhatTienDoHoSoMC', axiosFailure(503)))).toBe(false);
  });

  it('never carries the request (with the portal session) into what gets logged', () => {
    const error = transportFailure('DongBoHoSoMC', axiosFailure(503));
    expect(JSON.stringify({ ...error, cause: error.cause, message: error.message })).not.toContain(
      'secret-session-token',
    );
  });

  it('tells a refusal of our content from a failure of the portal itself', () => {
    expect(rejection('DongBoHoSoMC', { error_code: 5, message: 'MaTTHC is required' }).code).toBe(
      DomainErrorCode.RejectedByPartner,
    );
    expect(rejection('DongBoHoSoMC', { error_code: 99, message: 'system error' }).code).toBe(
      DomainErrorCode.PartnerUnavailable,
    );
  });
});
