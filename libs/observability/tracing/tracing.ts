import { createRequire } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { UNTRACED_PATHS } from './request-span';
import { setRecording } from './spans';

/** The standard variable: traces are exported over OTLP/HTTP only when an operator names a collector. */
export const OTLP_ENDPOINT_VARIABLE = 'OTEL_EXPORTER_OTLP_ENDPOINT';

export interface TracingOptions {
  /** `service.name` of every span this process exports. */
  serviceName: string;
  /** Where spans go instead of OTLP (tests pass an in-memory exporter); tracing starts even without the variable. */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

/** A claim on the process's tracer; the SDK stops when the last claim is released. */
export interface Tracing {
  stop(): Promise<void>;
}

interface Running {
  provider: NodeTracerProvider;
  disableInstrumentations: () => void;
  claims: number;
}

let running: Running | undefined;

/**
 * Starts the OpenTelemetry SDK for this process, or does nothing (undefined) when no exporter is configured:
 * then every span the bus makes goes to the API's no-op tracer, which records and sends nothing. Gateway and
 * worker may share a process (the combined bus, the tests): the first start wins, later ones share it, and the
 * SDK flushes and stops with the last `stop()`.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (running) return claim(running);
  const endpoint = (options.env ?? process.env)[OTLP_ENDPOINT_VARIABLE];
  if (!options.exporter && !endpoint) return undefined;
  // OTLP in batches, so a request never waits for the collector; a test's exporter sees each span as it ends.
  const processor: SpanProcessor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  // Registers the W3C trace-context propagator and the async-local-storage context manager as well.
  provider.register();
  const disableInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  patchLoadedModules();
  setRecording(true);
  running = { provider, disableInstrumentations, claims: 0 };
  return claim(running);
}

/**
 * The instrumentations patch a module when it is next required; the apps start tracing after their modules
 * loaded (no `--require` preload to remember in every deployment). Requiring these again lets the hooks patch
 * the loaded modules' exports and prototypes in place, which every existing holder of them shares.
 */
function patchLoadedModules(): void {
  const load = createRequire(__filename);
  for (const name of ['http', 'https', 'pg']) load(name);
}

function claim(state: Running): Tracing {
  state.claims += 1;
  let released = false;
  return {
    async stop() {
      if (released) return;
      released = true;
      state.claims -= 1;
      if (state.claims > 0 || running !== state) return;
      running = undefined;
      setRecording(false);
      state.disableInstrumentations();
      await state.provider.shutdown();
      // Back to the no-op API, so a later start (another test) registers afresh.
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** Something that closes, as a Nest application does. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Releases the app's tracing claim after the app closed, so spans of its last work are flushed. Nest has no
 * hook after its own shutdown hooks, hence the wrapped close.
 */
export function stopTracingOnClose(app: Closable, tracing: Tracing | undefined): void {
  if (!tracing) return;
  const close = app.close.bind(app);
  app.close = async () => {
    try {
      await close();
    } finally {
      await tracing.stop();
    }
  };
}
