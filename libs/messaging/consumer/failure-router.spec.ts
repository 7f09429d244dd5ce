import { safeReason } from './failure-router';

describe('safeReason: what a dead letter or retry header says of its failure', () => {
  it('masks personal ID numbers and credentials a partner echoed into its error', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJvbmUtc3RvcCJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
    const reason = safeReason(new Error(`portal refused citizen 001203012345 with Bearer ${jwt}`));
    expect(reason).not.toContain('001203012345');
    expect(reason).not.toContain(jwt);
    expect(reason).toContain('portal refused citizen');
  });

  it('keeps a reason short whatever the error carried', () => {
    expect(safeReason(new Error('x'.repeat(10_000))).length).toBeLessThanOrEqual(1_000);
  });
});
