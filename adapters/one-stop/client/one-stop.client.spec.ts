import { AxiosError, AxiosHeaders } from 'axios';
import { DomainErrorCode } from '@lgsp/contracts';
import { oneStopCallError } from './one-stop.client';

function httpError(status: number | undefined, code = 'ERR_BAD_RESPONSE'): AxiosError {
  const config = { headers: new AxiosHeaders(), data: '{"payload":{"applicant":"personal data"}}' };
  const response =
    status === undefined ? undefined : { status, statusText: '', headers: {}, config, data: {} };
  return new AxiosError('failed', code, config, undefined, response);
}

describe('oneStopCallError', () => {
  it('calls a 4xx a refusal and 401/403 a credentials problem', () => {
    expect(oneStopCallError('filedDossier', httpError(400)).code).toBe(DomainErrorCode.RejectedByPartner);
    expect(oneStopCallError('filedDossier', httpError(403)).code).toBe(DomainErrorCode.Unauthorized);
  });

  it.each([500, 503, 429])('calls HTTP %i unavailable', (status) => {
    expect(oneStopCallError('paymentResult', httpError(status)).code).toBe(
      DomainErrorCode.PartnerUnavailable,
    );
  });

  it('calls an answer cut off after a 2xx status line unavailable, so the delivery is tried again', () => {
    // What axios reports when the connection is reset in the middle of the body of a 200.
    expect(oneStopCallError('deliveryFailure', httpError(200)).code).toBe(DomainErrorCode.PartnerUnavailable);
  });

  it('keeps nothing of the delivered body (personal data) in the error', () => {
    const error = oneStopCallError('filedDossier', httpError(undefined, 'ECONNRESET'));
    expect(error.code).toBe(DomainErrorCode.PartnerUnavailable);
    expect(JSON.stringify({ ...error, cause: error.cause, message: error.message })).not.toContain(
      'personal',
    );
  });
});
