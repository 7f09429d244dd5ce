import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConnectorPauseCoordinator } from '../consumer/connector-pause.coordinator';
import { FailureTraceRecorder } from '../consumer/failure-trace.recorder';
import { DeliveryErrorFilter } from './delivery-error.filter';
import { KafkaBusServer } from './kafka-bus.server';
import { RequestResponder } from './request-responder';

/**
 * What an app that runs bus handlers needs beside MessagingModule: the transport its microservice listens with
 * (`connectMicroservice({ strategy: app.get(KafkaBusServer) }, { inheritAppConfig: true })`), the filter that
 * keeps handlers' errors intact, the pauses that follow each connector's breaker (so ResilienceModule too) and the
 * failure trace every connector records. Global: adapter modules declaring handlers inject the recorder.
 */
@Global()
@Module({
  providers: [
    KafkaBusServer,
    RequestResponder,
    ConnectorPauseCoordinator,
    FailureTraceRecorder,
    { provide: APP_FILTER, useClass: DeliveryErrorFilter },
  ],
  exports: [KafkaBusServer, FailureTraceRecorder],
})
export class KafkaBusModule {}
