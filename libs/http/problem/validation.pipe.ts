import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import {
  DomainError,
  DomainErrorCode,
  describeProblems,
  passesContractRules,
  validationProblems,
} from '@lgsp/contracts';

/** Turns class-validator's error tree into the one domain error the problem filter answers with. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  const problems = validationProblems(errors);
  return new DomainError(
    DomainErrorCode.ValidationFailed,
    `The request does not satisfy its contract: ${describeProblems(problems)}`,
    problems,
  );
}

/**
 * REST bodies are validated strictly: a field the contract does not name is refused, not silently dropped, so a
 * caller who misspells an optional field learns it at once instead of losing the value. (Kafka readers are
 * tolerant instead; see readMessage.) The errors keep the values so that array items get `[index]` paths; the
 * values never leave the bus, only the paths and messages do.
 */
export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
    exceptionFactory: validationExceptionFactory,
  });
}

/** Keys a plain object inherits: class-transformer treats them as known, so the whitelist would let them through. */
const INHERITED_KEYS = ['constructor', '__proto__', 'prototype'];

/**
 * A body bound to a contract class must be a JSON object. Nest's pipe passes `null` through untouched and counts
 * an inherited key such as `constructor` as a known property, so a route whose fields are all optional would
 * accept either as an empty request.
 */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new DomainError(DomainErrorCode.ValidationFailed, 'The body must be a JSON object', [
          { field: '(body)', message: 'must be a JSON object' },
        ]);
      }
      const inherited = INHERITED_KEYS.find((key) => Object.prototype.hasOwnProperty.call(value, key));
      if (inherited !== undefined) {
        throw new DomainError(DomainErrorCode.ValidationFailed, `The body names ${inherited}`, [
          { field: inherited, message: 'is not a field of this contract' },
        ]);
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }

  /**
   * Nest looks for Buffers among a value's nested objects, reading class-validator's rules again on every call.
   * A value here comes from a JSON body, a query string or a path, none of which can hold one.
   */
  protected override findNestedBinaryValues(): ValidationError[] {
    return [];
  }

  /** class-validator is asked only when the rules looked up once do not settle the body as valid. */
  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    return passesContractRules(object, options ?? {}) ? [] : super.validate(object, options);
  }
}
