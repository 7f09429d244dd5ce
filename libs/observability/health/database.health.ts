import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { HEALTH_DATABASE, type QueryableDatabase } from './health-targets';

/** The database answers a trivial query. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(HEALTH_DATABASE) private readonly db: QueryableDatabase,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'database'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await this.db.query('SELECT 1');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
