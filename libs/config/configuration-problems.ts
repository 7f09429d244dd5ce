import type { ValidationError } from 'class-validator';

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** A class-validator error as lines naming the variable; values are never echoed, because they may be secrets. */
export const describeProblem = (error: ValidationError): string[] =>
  Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message : `${error.property}: ${message}`,
  );
