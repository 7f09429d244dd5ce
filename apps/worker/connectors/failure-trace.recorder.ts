import { Injectable } from '@nestjs/common';
import { FailureNotice } from '@lgsp/messaging';
import { DossierTraceRepository, TraceStage } from '@lgsp/persistence';

const STAGE: Record<FailureNotice['outcome'], TraceStage> = {
  'backing-off': 'retried',
  retried: 'retried',
  'dead-lettered': 'dead-lettered',
  parked: 'parked',
};

/** Writes a connector's failed deliveries into the dossier's trace, so the timeline shows retries and refusals. */
@Injectable()
export class FailureTraceRecorder {
  constructor(private readonly trace: DossierTraceRepository) {}

  async record(system: string, notice: FailureNotice): Promise<void> {
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
  }
}
