import { publicFailureReason } from './public-failure-reason';

describe('failure reasons in the public dossier trace', () => {
  it('keeps the bus’s words about a partner failure but not the partner’s own text', () => {
    expect(
      publicFailureReason(
        'rejected_by_partner',
        'National portal refused DongBoHoSoMC (error_code 2): ChuHoSo Nguyễn Văn An sai, MaDoiTuong 001099012345',
      ),
    ).toBe('National portal refused DongBoHoSoMC (error_code 2): [partner text withheld]');
  });

  it('keeps a bare HTTP status or network error code, which says what happened without partner text', () => {
    expect(publicFailureReason('partner_unavailable', 'National portal unavailable for X: HTTP 503')).toBe(
      'National portal unavailable for X: HTTP 503',
    );
    expect(
      publicFailureReason('partner_unavailable', 'The one-stop system is unavailable: ECONNREFUSED'),
    ).toBe('The one-stop system is unavailable: ECONNREFUSED');
    expect(
      publicFailureReason(
        'partner_unavailable',
        'National portal call X failed: connect ECONNREFUSED 10.0.0.7:443',
      ),
    ).toBe('National portal call X failed: [partner text withheld]');
  });

  it('keeps the bus’s own validation reasons, with ID numbers masked', () => {
    expect(
      publicFailureReason('validation_failed', 'x does not satisfy its contract: personalId 001099012345'),
    ).toBe('x does not satisfy its contract: personalId *********345');
  });
});
