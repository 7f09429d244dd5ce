import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsPlainText } from './plain-text.decorator';

/** Applies several property decorators as one, so a rule used on many fields is written (and frozen) once. */
export function combine(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    for (const decorator of decorators) decorator(target, propertyName);
  };
}

/**
 * The field may be absent, but when present it must be valid: `null` is refused like any other wrong value,
 * so the published schema (which lists the field as not required, never as nullable) says exactly what is
 * accepted. class-validator's IsOptional would also let `null` through.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** An identifier from a partner's catalogue (dossier, procedure, agency, document code): no spaces. */
export function IsCode(maxLength = 64): PropertyDecorator {
  return combine(
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
    Matches(/^[A-Za-z0-9._:/-]+$/u, {
      message: ({ property }) => `${property} must be a code of letters, digits and . _ : / - only`,
    }),
  );
}

/**
 * Human text; pair it with @NormalizedText() so the length is measured after normalisation. Control characters
 * are refused by intake policy (see IsPlainText), which the published schema does not show.
 */
export function IsText(maxLength: number): PropertyDecorator {
  return combine(IsString(), IsNotEmpty(), MaxLength(maxLength), IsPlainText());
}
