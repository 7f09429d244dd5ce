export {
  OTLP_ENDPOINT_VARIABLE,
  startTracing,
  stopTracingOnClose,
  type Tracing,
  type TracingOptions,
} from './tracing';
export {
  SpanKind,
  TraceAttribute,
  activeTraceHeaders,
  boundToActiveContext,
  contextFromHeaders,
  inSpan,
  injectTraceHeaders,
  isRecording,
  markFailed,
  startSpan,
  withContext,
  withSpan,
  type SpanOptions,
} from './spans';
export { UNTRACED_PATHS, endRequestSpan, requestSpanOf } from './request-span';
