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
    expect(of(DomainErrorCode.Internal)).toBe('retry');
    expect(dispositionOf(new TypeError('socket hang up'))).toBe('retry');
  });

  it('backs off in place when a partner failed once, keeping per-key order', () => {
    expect(of(DomainErrorCode.PartnerUnavailable)).toBe('backoff');
  });

  it('holds in place, without a retry-topic hop, while the bus’s own database cannot be reached', () => {
    expect(of(DomainErrorCode.Busy)).toBe('hold');
  });

  it('parks instead of retrying while a breaker is open', () => {
    expect(of(DomainErrorCode.ConnectorOpen)).toBe('park');
  });
});
