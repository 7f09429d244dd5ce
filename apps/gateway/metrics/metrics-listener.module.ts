import { Module } from '@nestjs/common';
import { MetricsListener } from './metrics-listener.service';

@Module({ providers: [MetricsListener], exports: [MetricsListener] })
export class MetricsListenerModule {}
