import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsRegistry } from '@lgsp/observability';
import { PublicRoute } from '@lgsp/security';

/** Prometheus scrape endpoint: connector breakers and calls, outbox age, process figures. */
@ApiExcludeController()
@PublicRoute(
  'Prometheus scrapes it without a token; the listener binds to METRICS_HOST, loopback in production',
)
@Controller('metrics')
export class WorkerMetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
