import { formatPortalDate, isPortalDate, parsePortalDate } from './portal-date';

describe('portal date (yyyyMMddHHmmss, Asia/Ho_Chi_Minh)', () => {
  it('formats an instant in Vietnam time whatever the host zone', () => {
    expect(formatPortalDate(new Date('2025-01-15T17:30:05Z'))).toBe('20250116003005');
  });

  it('parses back to the same instant', () => {
    const instant = new Date('2024-02-29T01:02:03Z');
    expect(parsePortalDate(formatPortalDate(instant))?.toISOString()).toBe(instant.toISOString());
  });

  it.each([
    '2025011600300',
    '202501160030055',
    '2025-01-16 00:30',
    '20250230120000',
    '20251301000000',
    '20250101240000',
    '20250101006000',
    '',
  ])('rejects %p', (text) => {
    expect(parsePortalDate(text)).toBeUndefined();
    expect(isPortalDate(text)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isPortalDate(20250101000000)).toBe(false);
  });
});
