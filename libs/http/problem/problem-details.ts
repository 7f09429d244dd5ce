import { FieldProblem } from '@lgsp/contracts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem, with the bus's own extension members: its error code and every failing field. */
export interface ProblemDetails {
  /** A URN per error code: stable to match on, and not a web address the bus would have to keep serving. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path, so a problem quoted in a support ticket says where it happened. */
  instance: string;
  code: string;
  errors: FieldProblem[];
  correlationId?: string;
}

export function problemType(code: string): string {
  return `urn:lgsp:problem:${code}`;
}
