import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BreakerRegistry, BreakerState } from '@lgsp/resilience';
import { ConsumerRuntime } from './consumer-runtime';

/**
 * Parks a connector's traffic while its partner is down: when the connector's breaker opens, its consumer is
 * paused (no retries burned, nothing dead-lettered because of an outage); at half-open it resumes so one
 * message can probe, and stays running once the breaker closes. Consumer groups are named after their connector,
 * as breakers are.
 */
@Injectable()
export class ConnectorPauseCoordinator implements OnApplicationBootstrap {
  private readonly logger = new Logger('ConnectorPauseCoordinator');

  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly runtime: ConsumerRuntime,
  ) {}

  onApplicationBootstrap(): void {
    this.breakers.onStateChange((connector, state) => this.follow(connector, state));
    this.runtime.followPartners(
      (connector) =>
        !this.breakers.names().includes(connector) || this.breakers.state(connector) !== 'closed',
    );
  }

  private follow(connector: string, state: BreakerState): void {
    if (!this.runtime.consumerNames().includes(connector)) return;
    switch (state) {
      case 'open':
        this.runtime.pause(connector);
        break;
      case 'half-open':
      case 'closed':
        this.runtime.resume(connector);
        break;
    }
    this.logger.log({ connector, state }, 'Connector breaker changed state');
  }
}
