import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { FieldProblem } from '@lgsp/contracts';
import type { ProblemDetails } from '@lgsp/http';

/** The name the access decorators (libs/security) refer to as `#/components/schemas/Problem`. */
export const PROBLEM_SCHEMA = 'Problem';

@ApiSchema({ name: 'FieldProblem', description: 'One failing field of a request' })
export class FieldProblemDocument implements FieldProblem {
  @ApiProperty({ description: 'Path of the failing field', example: 'applicant.personalId' })
  field!: string;

  @ApiProperty({ example: 'must be 12 digits' })
  message!: string;
}

/** The problem+json body every refusal of the gateway carries, as OpenAPI shows it (RFC 9457). */
@ApiSchema({
  name: PROBLEM_SCHEMA,
  description: 'An RFC 9457 problem, with the bus’s error code and failing fields',
})
export class ProblemDocument implements ProblemDetails {
  @ApiProperty({ description: 'A URN per error code', example: 'urn:lgsp:problem:validation_failed' })
  type!: string;

  @ApiProperty({ description: 'Fixed per error code', example: 'The request does not satisfy its contract' })
  title!: string;

  @ApiProperty({ description: 'The HTTP status', example: 400 })
  status!: number;

  @ApiProperty({
    description: 'What went wrong this time',
    example: 'The body does not satisfy its contract',
  })
  detail!: string;

  @ApiProperty({ description: 'The request path', example: '/v1/dossiers' })
  instance!: string;

  @ApiProperty({ description: 'The bus’s error code, stable to match on', example: 'validation_failed' })
  code!: string;

  @ApiProperty({ type: [FieldProblemDocument], description: 'Every failing field; empty when none applies' })
  errors!: FieldProblemDocument[];

  @ApiPropertyOptional({ description: 'Quote it to an operator: it finds the request in logs and traces' })
  correlationId?: string;
}
