import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested, registerDecorator } from 'class-validator';
import { combine } from './field-rules.decorator';

export const IS_NESTED_OBJECT = 'isNestedObject';

/**
 * ValidateNested alone lets a missing object through (class-validator skips undefined nested values), so a
 * required part of a message could vanish unnoticed; this also demands that it is there and is an object.
 */
function IsPresentObject(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_NESTED_OBJECT,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
        defaultMessage: () => `${String(propertyName)} must be an object`,
      },
    });
  };
}

/** A nested object validated by its own class. */
export function IsNestedObject(type: () => new () => object): PropertyDecorator {
  return combine(IsPresentObject(), ValidateNested(), Type(type));
}

/** A list of objects, each validated by its class; the bound keeps one message from growing without limit. */
export function IsNestedArray(type: () => new () => object, maxItems: number): PropertyDecorator {
  return combine(IsArray(), ArrayMaxSize(maxItems), ValidateNested({ each: true }), Type(type));
}
