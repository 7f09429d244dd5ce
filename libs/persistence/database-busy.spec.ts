import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { PoolExhaustedError, busyOrSelf } from './database-busy';

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('busyOrSelf', () => {
  it.each([
    ['55P03', 'canceling statement due to lock timeout'],
    ['57014', 'canceling statement due to statement timeout'],
    ['40001', 'could not serialize access due to concurrent update'],
    ['40P01', 'deadlock detected'],
  ])('turns PostgreSQL %s (%s) into a Busy error that asks the caller to try again', (code, message) => {
    const driverError = pgError(code, message);
    const busy = busyOrSelf(driverError);
    expect(busy).toBeInstanceOf(DomainError);
    expect(busy).toMatchObject({ code: DomainErrorCode.Busy, options: { retryAfterSeconds: 1 } });
    expect((busy as Error).cause).toBe(driverError);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['', 'Connection terminated unexpectedly'],
  ])('counts a database out of reach (%s %s) as busy: not done, try again', (code, message) => {
    const busy = busyOrSelf(pgError(code, message));
    expect(busy).toMatchObject({ code: DomainErrorCode.Busy, options: { retryAfterSeconds: 1 } });
    expect((busy as Error).message).toContain('cannot be reached');
  });

  it('leaves any other error as it is', () => {
    const duplicate = pgError('23505', 'duplicate key value violates unique constraint');
    expect(busyOrSelf(duplicate)).toBe(duplicate);
    const bug = new TypeError('x is undefined');
    expect(busyOrSelf(bug)).toBe(bug);
  });

  it('counts a pool with no free connection as busy too', () => {
    expect(new PoolExhaustedError(5_000, 20, {})).toMatchObject({ code: DomainErrorCode.Busy });
  });
});
