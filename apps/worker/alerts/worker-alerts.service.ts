import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { ConsumerRuntime, KafkaClient, TopicNames } from '@lgsp/messaging';
import { AlertNotifier, type AlertSettings, IncidentTracker, alertsConfig } from '@lgsp/observability';
import { DeadLetterRepository, OutboxRepository } from '@lgsp/persistence';
import { BreakerRegistry } from '@lgsp/resilience';
import { BacklogGrowthEvaluator } from './backlog-growth.evaluator';
import { BreakerOpenEvaluator } from './breaker-open.evaluator';
import { ConsumerLagReader } from './consumer-lag.reader';
import type { ConditionReading } from './condition-reading';

/**
 * Evaluates the alert conditions every ALERT_EVALUATION_INTERVAL_MS and sends one notice when an incident starts
 * and one when it ends (docs/alerts.md): a breaker open too long, dead letters growing, the outbox not draining,
 * a consumer's lag growing.
 * Every worker replica evaluates on its own: breakers are per process, and a shared condition (dead letters,
 * outbox) is reported by each replica that sees it, which the receiving side deduplicates by alert and connector.
 */
/** Lag rises with every burst and falls by itself: it alerts after rising at this many evaluations in a row. */
const LAG_RISES_TO_FIRE = 3;

@Injectable()
export class WorkerAlertsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private readonly settings: AlertSettings;
  private readonly incidents = new IncidentTracker();
  private readonly breakerOpen: BreakerOpenEvaluator;
  private readonly deadLetters = new BacklogGrowthEvaluator('dead-letters-growing', 'Open dead letters');
  private readonly lag = new BacklogGrowthEvaluator(
    'consumer-lag-growing',
    'Consumer lag',
    LAG_RISES_TO_FIRE,
  );
  private readonly lagReader: ConsumerLagReader;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private unsubscribe?: () => void;

  constructor(
    config: BusConfig,
    private readonly notifier: AlertNotifier,
    private readonly breakers: BreakerRegistry,
    private readonly deadLetterRepository: DeadLetterRepository,
    private readonly outbox: OutboxRepository,
    kafka: KafkaClient,
    runtime: ConsumerRuntime,
  ) {
    this.settings = config.slice(alertsConfig);
    this.breakerOpen = new BreakerOpenEvaluator(breakers, this.settings.breakerOpenAfterMs);
    this.lagReader = new ConsumerLagReader(kafka, runtime, TopicNames.from(config));
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.breakers.onStateChange((name, state) =>
      this.breakerOpen.onStateChange(name, state, Date.now()),
    );
    this.timer = setInterval(() => {
      // Each condition handles its own failures; this is for a fault in the evaluation itself.
      this.evaluate().catch((error: unknown) => this.logger.error({ err: error }, 'Alert evaluation failed'));
    }, this.settings.evaluationIntervalMs);
    // Evaluations must not keep a stopping process alive; the module's destruction clears it anyway.
    this.timer.unref();
  }

  /** Before the breakers shut down (they would read as open) and the pool closes; waits for a running evaluation. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.running;
    await this.lagReader.close();
  }

  /** One evaluation; one at a time (a slow database query makes the next tick join it rather than overlap). */
  evaluate(): Promise<void> {
    this.running ??= this.evaluateOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async evaluateOnce(): Promise<void> {
    const now = Date.now();
    const readings = [
      ...this.breakerOpen.evaluate(now),
      ...(await this.read('dead letters', async () =>
        // By consumer group as stored: the name the dead-letter list and its --connector filter use.
        this.deadLetters.evaluate(await this.deadLetterRepository.countOpenByConsumerGroup()),
      )),
      ...(await this.read('outbox age', () => this.outboxAge())),
      ...(await this.read('consumer lag', async () => this.lag.evaluate(await this.lagReader.read()))),
    ];
    for (const { key, holds, describe } of readings) {
      const notice = this.incidents.observe(key, holds, describe);
      if (notice) await this.notifier.notify(notice);
    }
    // Notices whose POST failed before are tried again now (notify already did when there was a new one).
    await this.notifier.deliver();
  }

  /**
   * A condition the database could not be asked about is skipped this time and keeps its incident as it was:
   * an unreachable database must not resolve an outbox incident (readiness reports the database itself).
   */
  private async read(what: string, reading: () => Promise<ConditionReading[]>): Promise<ConditionReading[]> {
    try {
      return await reading();
    } catch (error: unknown) {
      this.logger.warn({ err: error, condition: what }, 'An alert condition could not be evaluated');
      return [];
    }
  }

  private async outboxAge(): Promise<ConditionReading[]> {
    const ageMs = Math.round((await this.outbox.oldestPendingAgeSeconds()) * 1000);
    const holds = ageMs >= this.settings.outboxAgeMs;
    return [
      {
        key: 'outbox-age',
        holds,
        describe: () => ({
          alert: 'outbox-age',
          summary: holds
            ? `The oldest unsent outbox message is ${Math.round(ageMs / 1000)} s old: the relay is not publishing`
            : 'The outbox drains again',
          details: { oldestAgeMs: ageMs, thresholdMs: this.settings.outboxAgeMs },
        }),
      },
    ];
  }
}
