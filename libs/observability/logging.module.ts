import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { BusConfig } from '@lgsp/config';
import { CorrelationContext } from './correlation-context';
import { MetricsModule } from './metrics/metrics.module';
import { logRedaction } from './redaction';

import { correlationIdOf } from './correlation-id';

const REQUEST_LOGGING_LEVELS = ['info', 'debug', 'trace'];

@Module({
  imports: [
    MetricsModule,
    LoggerModule.forRootAsync({
      inject: [BusConfig],
      useFactory: (config: BusConfig) => ({
        // pino-http builds a child logger per request, redacting the whole request as it does (several % of the
        // gateway's CPU under load). It runs only when its per-request lines are read; lines logged during a
        // request still carry its correlation id through the mixin.
        exclude: REQUEST_LOGGING_LEVELS.includes(config.log.level)
          ? []
          : [{ method: RequestMethod.ALL, path: '*path' }],
        pinoHttp: {
          level: config.log.level,
          transport:
            config.log.format === 'pretty'
              ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
              : undefined,
          ...logRedaction(),
          mixin: () => {
            const correlationId = CorrelationContext.current();
            return correlationId ? { correlationId } : {};
          },
          genReqId: (request: IncomingMessage) => correlationIdOf(request),
          // Health probes every few seconds would drown the lines people read.
          autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false },
        },
      }),
    }),
  ],
  exports: [LoggerModule, MetricsModule],
})
export class ObservabilityModule {}
