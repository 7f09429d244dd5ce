import { Injectable } from '@nestjs/common';
import { CONNECTOR_DELIVERY_FAILED, ConnectorDeliveryFailedV1, Topics } from '@lgsp/contracts';
import { FailureNotice, MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { BusConfig } from '@lgsp/config';
import { DossierTraceRepository, TraceStage } from '@lgsp/persistence';

const STAGE: Record<FailureNotice['outcome'], TraceStage> = {
  'backing-off': 'retried',
  retried: 'retried',
  'dead-lettered': 'dead-lettered',
  parked: 'parked',
};

/**
 * What a connector's failed delivery leaves behind: a line in the dossier's trace, and, when a partner refused
 * a dossier for good, a `connector.delivery-failed` message the one-stop system receives and must act on.
 */
@Injectable()
export class FailureTraceRecorder {
  private readonly names: TopicNames;

  constructor(
    private readonly trace: DossierTraceRepository,
    private readonly publisher: MessagePublisher,
    config: BusConfig,
  ) {
    this.names = TopicNames.from(config);
  }

  async record(system: string, notice: FailureNotice, options = { announce: true }): Promise<void> {
    if (!notice.key) return;
    await this.trace.append({
      dossierCode: notice.key,
      stage: STAGE[notice.outcome],
      system,
      messageId: notice.messageId,
      eventType: notice.eventType,
      correlationId: notice.correlationId,
      detail: { code: notice.code, reason: notice.reason, attempt: notice.attempt },
    });
    // A message that could not even be decoded has no identity to report; its dead letter is the record.
    if (notice.outcome === 'dead-lettered' && options.announce && notice.messageId) {
      await this.announce(system, notice, notice.messageId);
    }
  }

  private async announce(system: string, notice: FailureNotice, messageId: string): Promise<void> {
    const failure: ConnectorDeliveryFailedV1 = {
      connector: system,
      messageId,
      messageType: notice.eventType ?? 'unknown',
      contractVersion: notice.contractVersion ?? 1,
      dossierCode: notice.key,
      errorCode: notice.code,
      reason: notice.reason,
      attempts: notice.attempt + 1,
      occurredAt: new Date().toISOString(),
    };
    await this.publisher.publish(
      this.names.main(Topics.connectorDeliveryFailed),
      createEnvelope({
        type: CONNECTOR_DELIVERY_FAILED,
        contractVersion: 1,
        key: notice.key,
        payload: failure,
        source: system,
        causedBy:
          notice.messageId && notice.correlationId
            ? { id: notice.messageId, correlationId: notice.correlationId }
            : undefined,
      }),
    );
  }
}
