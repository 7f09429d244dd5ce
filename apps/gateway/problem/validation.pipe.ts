import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, DomainErrorCode, describeProblems, validationProblems } from '@lgsp/contracts';

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
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
    exceptionFactory: validationExceptionFactory,
  });
}
