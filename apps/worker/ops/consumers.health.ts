import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ConsumerRuntime } from '@lgsp/messaging';

/**
 * The worker's own consumers run. The consumer runtime lists a consumer once it connected, subscribed and runs,
 * and its start resolves only when every one joined its group; the transport's start (startAllMicroservices)
 * resolves after that, and the worker then calls {@link markStarted}. A stop (shutdown, or the transport
 * closing) removes them from the runtime's list, which makes the worker unready.
 *
 * A consumer that kafkajs gave up on after a non-retriable crash leaves the runtime's list too (the runtime listens
 * for kafkajs' CRASH event), so the worker turns unready and is restarted (docs/alerts.md, "what readiness checks").
 */
@Injectable()
export class ConsumersHealthIndicator {
  private expected?: readonly string[];

  constructor(
    private readonly runtime: ConsumerRuntime,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Every consumer group of the app was joined: those running now are the ones that must keep running. */
  markStarted(): void {
    this.expected = this.runtime.consumerNames();
  }

  check(key = 'consumers'): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    const expected = this.expected;
    if (!expected) return indicator.down({ message: 'the consumers have not joined their groups yet' });
    const running = new Set(this.runtime.consumerNames());
    const stopped = expected.filter((name) => !running.has(name));
    if (stopped.length > 0) return indicator.down({ message: 'consumers stopped', stopped });
    // A parked consumer waits for its partner (its breaker shows why); it is running, so the worker is ready.
    return indicator.up({
      running: [...expected],
      parked: expected.filter((name) => this.runtime.isPaused(name)),
    });
  }
}
