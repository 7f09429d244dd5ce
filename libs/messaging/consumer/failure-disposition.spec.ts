import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { dispositionOf } from './failure-disposition';

describe('dispositionOf', () => {
  const of = (code: DomainErrorCode) => dispositionOf(new DomainError(code, 'x'));

  it('dead-letters what cannot succeed on a second try', () => {
    expect(of(DomainErrorCode.ValidationFailed)).toBe('dead-letter');
    expect(of(DomainErrorCode.UnknownContract)).toBe('dead-letter');
    expect(of(DomainErrorCode.RejectedByPartner)).toBe('dead-letter');
  });

  it('retries what may pass, including errors the bus did not classify', () => {
    expect(of(DomainErrorCode.PartnerUnavailable)).toBe('retry');
    expect(dispositionOf(new TypeError('socket hang up'))).toBe('retry');
  });

  it('parks instead of retrying while a breaker is open', () => {
    expect(of(DomainErrorCode.ConnectorOpen)).toBe('park');
  });
});
