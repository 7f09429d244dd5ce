import { HealthIndicatorService } from '@nestjs/terminus';
import type { ConsumerRuntime } from '@lgsp/messaging';
import { ConsumersHealthIndicator } from './consumers.health';

describe('ConsumersHealthIndicator', () => {
  let running = ['national-portal', 'dossier-trace'];
  const runtime = {
    consumerNames: () => [...running],
    isPaused: (name: string) => name === 'national-portal',
  } as unknown as ConsumerRuntime;

  it('is down until the consumers joined, up while they run (parked ones too), down once one stopped', () => {
    const indicator = new ConsumersHealthIndicator(runtime, new HealthIndicatorService());
    expect(indicator.check()).toMatchObject({ consumers: { status: 'down' } });
    indicator.markStarted();
    expect(indicator.check()).toEqual({
      consumers: { status: 'up', running: ['national-portal', 'dossier-trace'], parked: ['national-portal'] },
    });
    running = ['dossier-trace'];
    expect(indicator.check()).toMatchObject({ consumers: { status: 'down', stopped: ['national-portal'] } });
  });
});
