import { ValidationArguments, registerDecorator } from 'class-validator';

export const IS_WITHIN_RECORD_SIZE = 'isWithinRecordSize';

/**
 * The largest dossier record the bus accepts, as JSON in UTF-8. The portal receives a dossier whole in every
 * DongBoHoSoMC call, so a record above the size a partner's front end takes (1 MiB is the common reverse-proxy
 * default, nginx's among them) could never be delivered: it is refused at intake instead of failing forever
 * afterwards.
 */
export const MAX_RECORD_BYTES = 1_048_576;

function recordBytes(record: object): number {
  return Buffer.byteLength(JSON.stringify(record), 'utf8');
}

/**
 * Intake policy, not contract (docs/intake-policy.md): the whole record (the object this property belongs to)
 * stays within `maxBytes`. Put it on the property that carries the bulk of a record, which is then the field
 * the refusal names.
 */
export function IsWithinRecordSize(maxBytes: number = MAX_RECORD_BYTES): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_WITHIN_RECORD_SIZE,
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [maxBytes],
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) =>
          args === undefined || recordBytes(args.object) <= maxBytes,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} makes the record ${args ? recordBytes(args.object) : '?'} bytes as JSON, ` +
          `above the intake limit of ${maxBytes} bytes: send fewer ${args?.property ?? 'items'}, or shorter names and links`,
      },
    });
  };
}
