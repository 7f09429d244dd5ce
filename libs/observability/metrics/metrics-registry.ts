import { Injectable } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry, injected rather than global so that several apps in one process (the
 * demo, tests) each keep their own series.
 */
@Injectable()
export class MetricsRegistry extends Registry {
  constructor() {
    super();
    collectDefaultMetrics({ register: this, prefix: 'lgsp_' });
  }
}
