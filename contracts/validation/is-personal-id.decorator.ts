import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

/** Province-of-birth codes run from 001 (Hà Nội) to 096 (Cà Mau) in the 2015 coding; 000 and 097+ are unused. */
const FIRST_PROVINCE = 1;
const LAST_PROVINCE = 96;

/**
 * Why a 12-digit personal ID (căn cước / định danh cá nhân) is malformed, or null when its shape is right:
 * 3 digits province of birth, 1 digit sex and century (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s, 6/7:
 * 2200s, 8/9: 2300s), 2 digits year of birth, 6 random digits. A century/year pair that lies in the future
 * cannot belong to anybody yet, so it is refused too. Only the shape is checked: whether the person exists is
 * the population database's answer. The answer names which part is wrong, never its value: the province, sex
 * and birth year an ID encodes are personal data, and this text reaches logs, traces and dead-letter reasons.
 */
export function personalIdProblem(value: unknown, now: Date = new Date()): string | null {
  if (typeof value !== 'string' || !/^\d{12}$/u.test(value)) return 'must be exactly 12 digits';
  const province = Number(value.slice(0, 3));
  if (province < FIRST_PROVINCE || province > LAST_PROVINCE) {
    return 'has a province code outside 001–096';
  }
  const centuryDigit = Number(value[3]);
  const birthYear = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(value.slice(4, 6));
  if (birthYear > now.getUTCFullYear()) {
    return 'encodes a birth year in the future';
  }
  return null;
}

export const IS_PERSONAL_ID = 'isPersonalId';

export function IsPersonalId(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_PERSONAL_ID,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => personalIdProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} is not a 12-digit personal ID (3 digits province 001–096, 1 digit sex and century, 2 digits birth year, 6 digits): it ${personalIdProblem(args?.value) ?? 'is malformed'}`,
      },
    });
  };
}

export const IS_CITIZEN_ID = 'isCitizenId';

/**
 * A 12-digit personal ID, or the 9-digit identity card number (CMND) older citizens still hold: what an official
 * may look a citizen up by. Only the 12-digit form has a structure to check.
 */
export function IsCitizenId(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_CITIZEN_ID,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && /^\d{9}$/u.test(value)) || personalIdProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} is neither a 12-digit personal ID (3 digits province 001–096, 1 digit sex and century, 2 digits birth year, 6 digits) nor a 9-digit identity card number`,
      },
    });
  };
}
