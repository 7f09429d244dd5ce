import { AxiosError, AxiosHeaders } from 'axios';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { gatewayCallError } from './gateway-call';

function httpError(status: number): AxiosError {
  const config = { headers: new AxiosHeaders(), data: '{"checksum":"secret-derived"}' };
  return new AxiosError('failed', 'ERR_BAD_RESPONSE', config, undefined, {
    status,
    statusText: '',
    headers: {},
    config,
    data: {},
  });
}

describe('gatewayCallError', () => {
  it('calls a 4xx a refusal, which leaves the breaker closed', () => {
    expect(gatewayCallError('PayGov', 'payment creation', httpError(400))).toMatchObject({
      code: DomainErrorCode.RejectedByPartner,
      message: 'PayGov refused the payment creation with HTTP 400',
    });
  });

  it.each([500, 503, 429, 200])('calls HTTP %i unavailable (200: an answer cut off mid-body)', (status) => {
    expect(gatewayCallError('PayGov', 'payment creation', httpError(status)).code).toBe(
      DomainErrorCode.PartnerUnavailable,
    );
  });

  it('calls a timeout or a refused connection unavailable, keeping no axios error (it holds the body)', () => {
    const timeout = new AxiosError('timeout of 1000ms exceeded', 'ECONNABORTED');
    const error = gatewayCallError('The bank gateway', 'transaction query', timeout);
    expect(error).toMatchObject({
      code: DomainErrorCode.PartnerUnavailable,
      message: 'The bank gateway is unavailable for the transaction query: ECONNABORTED',
    });
    expect(error.cause).toBeUndefined();
  });

  it('passes a DomainError from reading the answer through unchanged', () => {
    const refusal = new DomainError(DomainErrorCode.RejectedByPartner, 'error_code 02');
    expect(gatewayCallError('PayGov', 'transaction query', refusal)).toBe(refusal);
  });
});
