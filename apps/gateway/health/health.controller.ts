import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { CachedProbe } from './cached-probe';
import { DatabaseHealthIndicator } from './database.health';
import { KafkaHealthIndicator } from './kafka.health';

/** Readiness is checked at most once a second, however many probes ask. */
const READINESS_TTL_MS = 1_000;

@ApiTags('operations')
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
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The bus can accept work: the database and the broker both answered within the last second. */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    const results = await this.readiness.get();
    return this.health.check(results.map((result) => () => result));
  }
}
