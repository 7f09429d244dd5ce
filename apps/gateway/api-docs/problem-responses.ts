import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@lgsp/http';
import { PROBLEM_SCHEMA } from './problem.document';

/** A refusal answered as problem+json (the global filter's shape), documented with its schema. */
export function ApiProblemResponse(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(PROBLEM_SCHEMA) } } },
  });
}

/**
 * The refusals of a route taking a JSON body, besides its own: the body parser's (too large, not JSON, too deep,
 * duplicate keys) and the contract's. `invalid` says what this route's 400 covers.
 */
export function ApiJsonBodyProblems(invalid: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiProblemResponse(400, invalid),
    ApiProblemResponse(
      413,
      'The body is larger than MAX_BODY_BYTES (4 MiB by default); refused before it is read',
    ),
    ApiProblemResponse(415, 'The body is not JSON: send `Content-Type: application/json` in UTF-8'),
  );
}
