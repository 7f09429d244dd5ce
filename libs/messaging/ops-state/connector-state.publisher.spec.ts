import { Logger } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { BreakerRegistry, ConnectorCallWindow } from '@lgsp/resilience';
import { ConsumerRuntime } from '../consumer/consumer-runtime';
import { KafkaClient } from '../kafka/kafka-client.service';
import { ConnectorStatePublisher } from './connector-state.publisher';
import { parseConnectorState } from './connector-state.record';

const PORTAL = 'national-portal';
/** The Prometheus side is not what these tests look at. */
const metrics = {
  recordCall: () => undefined,
  recordState: () => undefined,
} as unknown as ConstructorParameters<typeof BreakerRegistry>[0];

function publisherWith(paused: boolean): { publisher: ConnectorStatePublisher; breakers: BreakerRegistry } {
  const calls = new ConnectorCallWindow();
  const breakers = new BreakerRegistry(metrics, calls);
  breakers.register({
    name: PORTAL,
    timeoutMs: 1_000,
    errorThresholdPercentage: 10,
    volumeThreshold: 1,
    rollingCountTimeoutMs: 10_000,
    resetTimeoutMs: 60_000,
  });
  const runtime = {
    consumerNames: () => [PORTAL, 'dossier-trace'],
    isPaused: (name: string) => paused && name === PORTAL,
    subscribedTopics: () => ['dossier.events'],
  } as unknown as ConsumerRuntime;
  const config = { kafka: { clientId: 'lgsp-worker', topicPrefix: 'lgsp' } } as unknown as BusConfig;
  const publisher = new ConnectorStatePublisher({} as KafkaClient, config, breakers, calls, runtime);
  return { publisher, breakers };
}

describe('ConnectorStatePublisher records', () => {
  // The breaker logs its transitions; not what these tests look at.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('describes every breaker and consumer, with its group, topics and a safe failure reason', async () => {
    const { publisher, breakers } = publisherWith(true);
    await breakers.execute(PORTAL, () => Promise.resolve('ok'));
    await expect(
      breakers.execute(PORTAL, () =>
        Promise.reject(
          new DomainError(
            DomainErrorCode.PartnerUnavailable,
            'national portal refused: citizen 001099012345 not found',
          ),
        ),
      ),
    ).rejects.toBeInstanceOf(DomainError);

    const now = new Date();
    const records = publisher.records(now);
    expect(records.map((record) => record.connector)).toEqual(['dossier-trace', PORTAL]);
    const portal = records[1];
    expect(portal).toMatchObject({
      schemaVersion: 1,
      worker: expect.stringMatching(/^lgsp-worker@.+:\d+$/),
      reportedAt: now.toISOString(),
      state: 'open',
      since: now.toISOString(),
      paused: true,
      consumerGroup: 'lgsp.national-portal',
      topics: ['dossier.events'],
      calls: { m1: { success: 1, failure: 1 } },
    });
    expect(portal.lastFailure?.reason).toBe('national portal refused: [partner text withheld]');
    expect(portal.lastSuccessAt).not.toBeNull();
    // What is sent is what a reader parses.
    expect(parseConnectorState(Buffer.from(JSON.stringify(portal)))).toEqual(portal);
    breakers.shutdown();
  });

  it('keeps the time a state began across reports', () => {
    const { publisher, breakers } = publisherWith(false);
    const first = publisher.records(new Date(1_000))[1];
    const second = publisher.records(new Date(2_000))[1];
    expect(second.since).toBe(first.since);
    breakers.get(PORTAL).open();
    expect(publisher.records(new Date(3_000))[1]).toMatchObject({
      state: 'open',
      since: new Date(3_000).toISOString(),
    });
    breakers.shutdown();
  });

  it('reads a tombstone or an unknown version as nothing', () => {
    expect(parseConnectorState(null)).toBeUndefined();
    expect(parseConnectorState(Buffer.from(JSON.stringify({ schemaVersion: 2 })))).toBeUndefined();
  });
});
