import { hostname } from 'node:os';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { BusConfig } from '@lgsp/config';
import { OperatorTopics } from '@lgsp/contracts';
import { BreakerRegistry, BreakerState, ConnectorCallWindow } from '@lgsp/resilience';
import { publicFailureReason } from '@lgsp/security';
import { ConsumerRuntime } from '../consumer/consumer-runtime';
import { KafkaClient } from '../kafka/kafka-client.service';
import { ensureCompactedTopic } from '../topics/compacted-topic';
import { TopicNames } from '../topics/topic-names';
import {
  CONNECTOR_STATE_SCHEMA_VERSION,
  ConnectorStateRecord,
  connectorStateKey,
} from './connector-state.record';

/** How often every connector's state is sent even when nothing changed: readers take silence for a gone worker. */
export const CONNECTOR_STATE_INTERVAL_MS = 1_000;

/**
 * Publishes this worker's view of each of its connectors to the compacted ops.connector-state topic, every
 * second and at once when a breaker changes state. The gateway reads it to show operators the whole cluster,
 * since a worker's own endpoint only knows its own breakers. On shutdown it sends tombstones, so the worker
 * leaves the view at once instead of after the staleness limit.
 */
@Injectable()
export class ConnectorStatePublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ConnectorStatePublisher');
  private readonly topic: string;
  private readonly names: TopicNames;
  readonly worker: string;
  private readonly since = new Map<string, { state: BreakerState; at: string }>();
  private producer?: Producer;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private sending?: Promise<void>;

  constructor(
    private readonly kafka: KafkaClient,
    config: BusConfig,
    private readonly breakers: BreakerRegistry,
    private readonly calls: ConnectorCallWindow,
    private readonly runtime: ConsumerRuntime,
  ) {
    this.names = TopicNames.from(config);
    this.topic = this.names.main(OperatorTopics.connectorState);
    this.worker = `${config.kafka.clientId}@${hostname()}:${process.pid}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureCompactedTopic(admin, this.topic, 1);
    } finally {
      await admin.disconnect();
    }
    const producer = this.kafka.producer();
    await producer.connect();
    this.producer = producer;
    this.unsubscribe = this.breakers.onStateChange(() => void this.publish());
    this.timer = setInterval(() => void this.publish(), CONNECTOR_STATE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    const producer = this.producer;
    this.producer = undefined;
    if (!producer) return;
    // The tombstones must come after the last state, or compaction would keep the state.
    await this.sending;
    try {
      const tombstones = this.connectors().map((connector) => ({
        key: connectorStateKey(this.worker, connector),
        value: null,
      }));
      const sending = producer.send({ topic: this.topic, messages: tombstones });
      // Past the bound the send may still fail; its error is then only worth a debug line.
      sending.catch((error: unknown) => this.logger.debug({ err: error }, 'Late tombstone send failed'));
      await withinShutdownBound(sending);
    } catch (error: unknown) {
      // The view then drops this worker after the staleness limit instead of at once; shutdown goes on.
      this.logger.warn({ err: error }, 'Could not withdraw the connector state on shutdown');
    } finally {
      await producer.disconnect();
    }
  }

  /** The records as they would be sent now: for the worker's own endpoint and for tests. */
  records(now = new Date()): ConnectorStateRecord[] {
    return this.connectors().map((connector) => this.record(connector, now));
  }

  /** Connectors are named alike in the breaker registry and the consumer runtime; either may lack one. */
  private connectors(): string[] {
    return [...new Set([...this.breakers.names(), ...this.runtime.consumerNames()])].sort();
  }

  private publish(): Promise<void> {
    // One send at a time: a state change during a slow send is in the next one, a second later at most.
    if (!this.producer || this.sending) return this.sending ?? Promise.resolve();
    const sending = this.send(this.producer).finally(() => {
      this.sending = undefined;
    });
    this.sending = sending;
    return sending;
  }

  private async send(producer: Producer): Promise<void> {
    try {
      const messages = this.records().map((record) => ({
        key: connectorStateKey(record.worker, record.connector),
        value: JSON.stringify(record),
      }));
      await producer.send({ topic: this.topic, messages });
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'Could not publish the connector state; the next tick tries again');
    }
  }

  private record(connector: string, now: Date): ConnectorStateRecord {
    const state = this.breakers.names().includes(connector) ? this.breakers.state(connector) : 'closed';
    const known = this.since.get(connector);
    const since = known?.state === state ? known : { state, at: now.toISOString() };
    this.since.set(connector, since);
    const window = this.calls.snapshot(connector, now.getTime());
    const consumes = this.runtime.consumerNames().includes(connector);
    return {
      schemaVersion: CONNECTOR_STATE_SCHEMA_VERSION,
      worker: this.worker,
      connector,
      reportedAt: now.toISOString(),
      state,
      since: since.at,
      paused: this.runtime.isPaused(connector),
      consumerGroup: consumes ? this.names.consumerGroup(connector) : null,
      topics: this.runtime.subscribedTopics(connector),
      calls: { m1: window.m1, m5: window.m5, m15: window.m15 },
      latencyMs: window.latencyMs,
      lastSuccessAt: window.lastSuccessAt === null ? null : new Date(window.lastSuccessAt).toISOString(),
      lastFailure:
        window.lastFailure === null
          ? null
          : {
              at: new Date(window.lastFailure.at).toISOString(),
              reason: publicFailureReason(window.lastFailure.code, window.lastFailure.message),
            },
    };
  }
}

/** With the broker gone the producer would retry for a minute; a stopping worker does not wait that long. */
const TOMBSTONE_WAIT_MS = 2_000;

async function withinShutdownBound<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from the broker within ${TOMBSTONE_WAIT_MS} ms`)),
      TOMBSTONE_WAIT_MS,
    );
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}
