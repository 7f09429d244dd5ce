import { Injectable } from '@nestjs/common';
import { CONNECTOR_DELIVERY_FAILED, ConnectorDeliveryFailedV1, Topics } from '@lgsp/contracts';
import { BusConfig } from '@lgsp/config';
import { DossierTraceRepository, TraceStage, traceEntry } from '@lgsp/persistence';
import { publicFailureReason } from '@lgsp/security';
import { createEnvelope } from '../envelope/envelope';
import { MessagePublisher } from '../producer/message-publisher.service';
import { TopicNames } from '../topics/topic-names';
import type { FailureNotice } from './message-handler';

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

  /** A line in the dossier's trace for every failed delivery: retried, parked or dead-lettered. */
  async record(system: string, notice: FailureNotice): Promise<void> {
    if (!notice.key) return;
    const message = {
      key: notice.key,
      id: notice.messageId,
      type: notice.eventType,
      correlationId: notice.correlationId,
    };
    // The trace is public (GET /v1/dossiers/{code}/trace): a partner's own text stays with the dead letter.
    const reason = publicFailureReason(notice.code, notice.reason);
    const detail = { code: notice.code, reason, attempt: notice.attempt };
    await this.trace.append(traceEntry(message, STAGE[notice.outcome], system, detail));
  }

  /**
   * For a connector toward a partner: a dossier the partner refused for good is announced, so the one-stop
   * system can act on it. A message that could not even be decoded has no identity to report; its dead letter
   * is the record.
   */
  async announceRefusal(system: string, notice: FailureNotice): Promise<void> {
    if (notice.outcome !== 'dead-lettered' || !notice.key || !notice.messageId) return;
    await this.announce(system, notice, notice.messageId);
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
