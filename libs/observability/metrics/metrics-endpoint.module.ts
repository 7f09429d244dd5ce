import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** Serves /metrics from an app's registry; imported by the apps that listen on HTTP. */
@Module({ controllers: [MetricsController] })
export class MetricsEndpointModule {}
