import { ValidationArguments, registerDecorator } from 'class-validator';

export const IS_PLAIN_TEXT = 'isPlainText';

/** C0 controls, DEL and C1 controls (Unicode category Cc). */
const CONTROL_CHARACTER = /\p{Cc}/u;
/** A UTF-16 surrogate without its partner: not a character at all, and not representable in UTF-8. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (character: string): string =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why a text cannot be stored and forwarded as it is, or null when it can. PostgreSQL's jsonb refuses U+0000
 * and unpaired surrogates outright, so a record holding one can never be saved: accepted at intake, it would
 * fail every later step of its dossier. Other control characters are refused with them because no partner
 * field means anything by them and they corrupt logs and fixed-width exports. Tabs and line breaks never get
 * here in normalised text (they are whitespace, collapsed to one space). The message names the code point
 * and its position, never the text, which may be personal data.
 */
export function plainTextProblem(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const control = CONTROL_CHARACTER.exec(value);
  if (control) return `contains the control character ${codePoint(control[0])} at position ${control.index}`;
  const surrogate = UNPAIRED_SURROGATE.exec(value);
  if (surrogate)
    return `contains an unpaired UTF-16 surrogate ${codePoint(surrogate[0])} at position ${surrogate.index}`;
  return null;
}

/**
 * Intake policy, not contract (docs/intake-policy.md): text a correct producer never sends. Like every intake
 * rule it adds nothing to the published schema.
 */
export function IsPlainText(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_PLAIN_TEXT,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => plainTextProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${plainTextProblem(args?.value) ?? 'must be plain text'}`,
      },
    });
  };
}
