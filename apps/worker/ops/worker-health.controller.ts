import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { CachedProbe, DatabaseHealthIndicator, KafkaHealthIndicator } from '@lgsp/observability';
import { PublicRoute } from '@lgsp/security';
import { BreakersHealthIndicator } from './breakers.health';
import { ConsumersHealthIndicator } from './consumers.health';

/** The broker and the database are asked at most once a second, however many probes ask (as on the gateway). */
const READINESS_TTL_MS = 1_000;

@ApiTags('operations')
@PublicRoute('orchestrator probes carry no credentials; the answer says only up or down')
@Controller('health')
export class WorkerHealthController {
  private readonly partners: CachedProbe<HealthIndicatorResult[]>;

  constructor(
    private readonly health: HealthCheckService,
    database: DatabaseHealthIndicator,
    kafka: KafkaHealthIndicator,
    private readonly consumers: ConsumersHealthIndicator,
    private readonly breakers: BreakersHealthIndicator,
  ) {
    this.partners = new CachedProbe(() => Promise.all([database.check(), kafka.check()]), READINESS_TTL_MS);
  }

  /** The process answers: for the orchestrator's liveness probe, which must not depend on partners. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness of the worker process' })
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * The worker can do its work: broker and database answered within the last second, and its consumers run.
   * A connector whose breaker is open is listed under `connectors.degraded` and does not make it unready.
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: broker, database and the worker’s consumers; open breakers shown as degraded',
  })
  @ApiOkResponse({ description: 'The worker runs its consumers (connectors.degraded lists open breakers)' })
  @ApiServiceUnavailableResponse({
    description: 'The broker or the database did not answer, or a consumer stopped',
  })
  async ready(): Promise<HealthCheckResult> {
    const results = [...(await this.partners.get()), this.consumers.check(), this.breakers.check()];
    return this.health.check(results.map((result) => () => result));
  }
}
