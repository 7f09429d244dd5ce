import { validateSync } from 'class-validator';
import { IsCalendarDate, IsCalendarDateOrYear, IsOffsetDateTime } from './date-formats.decorator';

class Dates {
  @IsOffsetDateTime()
  at!: unknown;

  @IsCalendarDate()
  day!: unknown;

  @IsCalendarDateOrYear()
  birth!: unknown;
}

function failing(values: Partial<Dates>): string[] {
  const dates = Object.assign(new Dates(), {
    at: '2025-01-31T08:30:00+07:00',
    day: '2025-01-31',
    birth: '1985',
  });
  return validateSync(Object.assign(dates, values)).map((error) => error.property);
}

describe('date formats', () => {
  it('accepts instants with an offset, calendar dates and birth years', () => {
    expect(failing({})).toEqual([]);
    expect(failing({ at: '2025-01-31T01:30:00.123Z', birth: '1985-02-28' })).toEqual([]);
  });

  it.each([
    '2025-01-31T08:30:00',
    '2025-01-31',
    '2025-02-30T08:30:00+07:00',
    '31/01/2025 08:30',
    1738287000000,
  ])('refuses %p as an instant', (at) => {
    expect(failing({ at })).toEqual(['at']);
  });

  it.each(['2025-02-29', '2025-1-31', '20250131', '2025-01-31T00:00:00Z'])(
    'refuses %p as a calendar date',
    (day) => {
      expect(failing({ day })).toEqual(['day']);
    },
  );

  it.each(['85', '1985-13-01', '1985-02'])('refuses %p as a birth date or year', (birth) => {
    expect(failing({ birth })).toEqual(['birth']);
  });

  it('says what shape is expected', () => {
    const [error] = validateSync(
      Object.assign(new Dates(), { at: 'soon', day: '2025-01-31', birth: '1985' }),
    );
    expect(error.constraints?.isOffsetDateTime).toBe(
      'at must be an ISO 8601 date-time with an offset, e.g. 2025-01-31T08:30:00+07:00',
    );
  });
});
