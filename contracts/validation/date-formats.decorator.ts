import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/u;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/u;
const DATE_OR_YEAR = /^\d{4}(-\d{2}-\d{2})?$/u;

export const IS_OFFSET_DATE_TIME = 'isOffsetDateTime';
export const IS_CALENDAR_DATE = 'isCalendarDate';
export const IS_CALENDAR_DATE_OR_YEAR = 'isCalendarDateOrYear';

/** A real calendar day: Date.parse alone would roll 2024-02-30 over into March. */
function isRealDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function dateDecorator(
  name: string,
  test: (value: string) => boolean,
  expectation: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && test(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be ${expectation}`,
      },
    });
  };
}

/**
 * An instant, as ISO 8601 with an explicit offset (`2025-01-31T08:30:00+07:00` or `...Z`). Partners' local
 * times (yyyyMMddHHmmss in Asia/Ho_Chi_Minh) are converted by the adapters; a time without an offset is
 * ambiguous, so it is refused rather than guessed.
 */
export function IsOffsetDateTime(options?: ValidationOptions): PropertyDecorator {
  return dateDecorator(
    IS_OFFSET_DATE_TIME,
    (value) => OFFSET_DATE_TIME.test(value) && isRealDay(value) && !Number.isNaN(Date.parse(value)),
    'an ISO 8601 date-time with an offset, e.g. 2025-01-31T08:30:00+07:00',
    options,
  );
}

/** A calendar day with no time (a birth date): `YYYY-MM-DD`. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return dateDecorator(
    IS_CALENDAR_DATE,
    (value) => CALENDAR_DATE.test(value) && isRealDay(value),
    'a calendar date YYYY-MM-DD',
    options,
  );
}

/** A birth date where only the year may be known (the population database accepts either). */
export function IsCalendarDateOrYear(options?: ValidationOptions): PropertyDecorator {
  return dateDecorator(
    IS_CALENDAR_DATE_OR_YEAR,
    (value) => DATE_OR_YEAR.test(value) && (value.length === 4 || isRealDay(value)),
    'a calendar date YYYY-MM-DD or a year YYYY',
    options,
  );
}
