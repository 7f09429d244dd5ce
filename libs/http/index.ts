export {
  MAX_BODY_BYTES,
  acceptJsonBodiesOnly,
  configureHttpPlatform,
  createHttpAdapter,
} from './platform/http-platform';
export { DEFAULT_JSON_LIMITS, parseJsonBody, type JsonBodyLimits } from './platform/json-body.parser';
export { answerLateRequests, slowSenderOptions } from './platform/request-deadline';
export { useSecurityHeaders } from './platform/security-headers';
export { domainCodeOfStatus, httpStatusOf, problemTitleOf } from './problem/http-status.mapper';
export { ProblemDetailsFilter } from './problem/problem-details.filter';
export { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from './problem/problem-details';
export { problemFields, problemText } from './problem/problem-text';
export { createValidationPipe, validationExceptionFactory } from './problem/validation.pipe';
