import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { BusConfig } from '@lgsp/config';
import { AlertsModule } from './alerts/alerts.module';
import { CorrelationContext } from './correlation-context';
import { MetricsModule } from './metrics/metrics.module';
import { logFileDestination } from './log-destination';
import { logRedaction } from './redaction';

import { correlationIdOf } from './correlation-id';

const REQUEST_LOGGING_LEVELS = ['info', 'debug', 'trace'];

/** pino-http's options alone write to stdout; with a LOG_FILE they go with that file's stream. */
function withDestination(file: string | undefined, options: Options): Options | [Options, DestinationStream] {
  return file === undefined ? options : [options, logFileDestination(file)];
}

@Module({
  imports: [
    MetricsModule,
    AlertsModule,
    LoggerModule.forRootAsync({
      inject: [BusConfig],
      useFactory: (config: BusConfig) => ({
        // pino-http builds a child logger per request, redacting the whole request as it does (several % of the
        // gateway's CPU under load). It runs only when its per-request lines are read; lines logged during a
        // request still carry its correlation id through the mixin.
        exclude: REQUEST_LOGGING_LEVELS.includes(config.log.level)
          ? []
          : [{ method: RequestMethod.ALL, path: '*path' }],
        pinoHttp: withDestination(config.log.file, {
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
        }),
      }),
    }),
  ],
  exports: [LoggerModule, MetricsModule, AlertsModule],
})
export class ObservabilityModule {}
