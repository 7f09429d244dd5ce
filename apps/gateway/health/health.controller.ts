import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { CachedProbe, DatabaseHealthIndicator, KafkaHealthIndicator } from '@lgsp/observability';
import { PublicRoute } from '@lgsp/security';

/** Readiness is checked at most once a second, however many probes ask. */
const READINESS_TTL_MS = 1_000;

@ApiTags('operations')
@PublicRoute('orchestrator probes carry no credentials; the answer says only up or down')
@Controller('health')
export class HealthController {
  private readonly readiness: CachedProbe<HealthIndicatorResult[]>;

  constructor(
    private readonly health: HealthCheckService,
    database: DatabaseHealthIndicator,
    kafka: KafkaHealthIndicator,
  ) {
    this.readiness = new CachedProbe(() => Promise.all([database.check(), kafka.check()]), READINESS_TTL_MS);
  }

  /** The process answers: for the orchestrator's liveness probe, which must not depend on partners. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers (partners are not checked)' })
  @ApiOkResponse({ description: 'The process is up' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The bus can accept work: the database and the broker both answered within the last second. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database and the Kafka broker answered within the last second' })
  @ApiOkResponse({ description: 'The bus can accept work' })
  @ApiServiceUnavailableResponse({ description: 'The database or the broker did not answer' })
  async ready(): Promise<HealthCheckResult> {
    const results = await this.readiness.get();
    return this.health.check(results.map((result) => () => result));
  }
}
