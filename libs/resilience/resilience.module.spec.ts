import { Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { DomainErrorCode } from '@lgsp/contracts';
import { BreakerRegistry } from './breaker-registry';
import { ConnectorGuards } from './connector-guards';
import { METRICS_REGISTRY } from './resilience-metrics';
import { ResilienceModule } from './resilience.module';

const policy = {
  name: 'national-portal',
  timeoutMs: 1_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  rollingCountTimeoutMs: 10_000,
  resetTimeoutMs: 30_000,
};

class AppMetrics extends Registry {}

@Module({ providers: [AppMetrics], exports: [AppMetrics] })
class AppMetricsModule {}

describe('ResilienceModule', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('builds the guards of the configured connectors and shuts their breakers down on close', async () => {
    const app = await Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ policies: [policy] })],
    }).compile();
    await app.init();
    const guard = app.get(ConnectorGuards).get('national-portal');
    await expect(guard.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
    const metrics = await app.get<Registry>(METRICS_REGISTRY).metrics();
    expect(metrics).toContain('lgsp_connector_calls_total{connector="national-portal",outcome="success"} 1');

    await app.close();
    await expect(guard.run(() => Promise.resolve('ok'))).rejects.toMatchObject({
      code: DomainErrorCode.ConnectorOpen,
    });
  });

  it("writes to the app's registry when given its provider token", async () => {
    const app = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          policies: [policy],
          metricsRegistry: AppMetrics,
          imports: [AppMetricsModule],
        }),
      ],
    }).compile();
    expect(app.get(METRICS_REGISTRY)).toBe(app.get(AppMetrics));
    expect(await app.get(AppMetrics).metrics()).toContain(
      'lgsp_connector_breaker_state{connector="national-portal"} 0',
    );
    expect(app.get(BreakerRegistry).state('national-portal')).toBe('closed');
    await app.close();
  });
});
