import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** Serves /metrics from an app's registry on its own listener (the worker's operator listener). */
@Module({ controllers: [MetricsController] })
export class MetricsEndpointModule {}
