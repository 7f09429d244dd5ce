import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { BusConfig } from '@lgsp/config';
import { Topics } from '@lgsp/contracts';
import type { CitizenVerificationCompletedV2 } from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';
import type { CitizenVerificationRequestedV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import { Envelope, KafkaBusClient, KafkaClient, MessagePublisher, TopicProvisioner } from '@lgsp/messaging';
import { MetricsRegistry } from '@lgsp/observability';
import { citizenVerificationConfig } from './citizen-verification.config';

/** The one request topic of citizen verification; the population connector answers on it (@MessagePattern). */
export const CITIZEN_VERIFICATION_TOPIC = Topics.citizenVerification;

/**
 * The gateway's request-reply client to the population connector: connected before the gateway listens (its
 * reply partition must be known before a request can name it), closed on shutdown. Late replies are counted in
 * the gateway's metrics registry.
 */
@Injectable()
export class PopulationRequestClient implements OnModuleInit, OnApplicationShutdown {
  private readonly client: KafkaBusClient;

  constructor(
    kafka: KafkaClient,
    publisher: MessagePublisher,
    provisioner: TopicProvisioner,
    metrics: MetricsRegistry,
    config: BusConfig,
  ) {
    const { deadlineMs } = config.slice(citizenVerificationConfig);
    this.client = new KafkaBusClient(
      { kafka, publisher, provisioner, config, metrics },
      { name: 'gateway', deadlineMs },
    );
  }

  onModuleInit(): Promise<void> {
    return this.client.connect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.client.close();
  }

  /** The connector's answer, or its DomainError; DeadlineExceeded when none came in time. */
  verify(request: Envelope<CitizenVerificationRequestedV2>): Promise<CitizenVerificationCompletedV2> {
    return firstValueFrom(
      this.client.request<CitizenVerificationCompletedV2>(CITIZEN_VERIFICATION_TOPIC, request),
    );
  }
}
