import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { BusConfig } from '@lgsp/config';
import { CorrelationContext } from './correlation-context';
import { MetricsModule } from './metrics/metrics.module';
import { REDACTED_PATHS } from './redaction';

export const CORRELATION_HEADER = 'x-correlation-id';

function correlationIdOf(request: IncomingMessage): string {
  const header = request.headers[CORRELATION_HEADER];
  const supplied = Array.isArray(header) ? header[0] : header;
  // Accept a caller's id only when it looks like an id, so a header cannot inject text into our logs.
  return supplied && /^[A-Za-z0-9._:-]{1,128}$/.test(supplied) ? supplied : randomUUID();
}

@Module({
  imports: [
    MetricsModule,
    LoggerModule.forRootAsync({
      inject: [BusConfig],
      useFactory: (config: BusConfig) => ({
        pinoHttp: {
          level: config.log.level,
          transport:
            config.log.format === 'pretty'
              ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
              : undefined,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          mixin: () => {
            const correlationId = CorrelationContext.current();
            return correlationId ? { correlationId } : {};
          },
          genReqId: (request: IncomingMessage) => correlationIdOf(request),
          customProps: (request: IncomingMessage) => ({ correlationId: request.id }),
          // A line per request only when someone reads info lines (the child logger alone costs a redaction pass);
          // health probes every few seconds would drown the lines people read.
          autoLogging: ['info', 'debug', 'trace'].includes(config.log.level)
            ? { ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false }
            : false,
          quietReqLogger: true,
        },
      }),
    }),
  ],
  exports: [LoggerModule, MetricsModule],
})
export class ObservabilityModule {}
