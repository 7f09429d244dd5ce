import { Injectable } from '@nestjs/common';
import {
  DOSSIER_REGISTERED,
  DOSSIER_STATUS_CHANGED,
  DOSSIER_UPDATED,
  DomainError,
  DomainErrorCode,
  DossierRegisteredV1,
  DossierStatusChangedV2,
  DossierUpdatedV1,
  readMessage,
} from '@lgsp/contracts';
import { InboundMessage } from '@lgsp/messaging';
import { DossierDeliveryRepository, DossierTraceRepository, Transaction } from '@lgsp/persistence';
import { ConnectorGuard } from '@lgsp/resilience';
import { NationalPortalClient } from './client/national-portal.client';
import { PortalDossier, toPortalDossier, toProgressStep, withStatus } from './mapping/portal-dossier.mapping';
import { NATIONAL_PORTAL } from './national-portal.policy';

const SYNC = 'DongBoHoSoMC';
const PROGRESS = 'CapNhatTienDoHoSoMC';

/**
 * Applies dossier events to the national portal. Per dossier it keeps what the portal holds, so that an event
 * older than the last one delivered is skipped as stale, and a status change never reaches the portal before
 * the dossier itself did (it waits in the retry topics instead).
 */
@Injectable()
export class NationalPortalSyncService {
  constructor(
    private readonly client: NationalPortalClient,
    private readonly deliveries: DossierDeliveryRepository,
    private readonly trace: DossierTraceRepository,
  ) {}

  async apply(message: InboundMessage, guard: ConnectorGuard, tx: Transaction): Promise<void> {
    const { envelope } = message;
    if (![DOSSIER_REGISTERED, DOSSIER_UPDATED, DOSSIER_STATUS_CHANGED].includes(envelope.type)) return;
    const read = readMessage(envelope.type, envelope.contractVersion, envelope.payload);
    const code = envelope.key;
    const delivered = await this.deliveries.lock(tx, code, NATIONAL_PORTAL);
    const occurredAt = new Date(envelope.occurredAt);
    if (delivered && occurredAt < delivered.lastOccurredAt) {
      await this.record(tx, message, 'stale', { lastDeliveredAt: delivered.lastOccurredAt.toISOString() });
      return;
    }
    let record: PortalDossier;
    if (read.type === DOSSIER_STATUS_CHANGED) {
      if (!delivered?.synchronised || !delivered.partnerRecord) {
        throw new DomainError(
          DomainErrorCode.Internal,
          `Dossier ${code} has not reached the national portal yet; its status change waits for it`,
        );
      }
      const change = read.payload as DossierStatusChangedV2;
      record = withStatus(delivered.partnerRecord, change);
      await this.calls(message, guard, [
        [SYNC, { isUpdating: true, data: [record] }],
        [PROGRESS, { data: [toProgressStep(change)] }],
      ]);
    } else {
      record = toPortalDossier(read.payload as DossierRegisteredV1 | DossierUpdatedV1);
      await this.calls(message, guard, [
        [SYNC, { isUpdating: delivered?.synchronised ?? false, data: [record] }],
      ]);
    }
    await this.deliveries.record(tx, {
      dossierCode: code,
      destination: NATIONAL_PORTAL,
      messageId: envelope.id,
      eventType: envelope.type,
      status: typeof record.TrangThaiHoSo === 'number' ? record.TrangThaiHoSo : undefined,
      occurredAt,
      synchronised: true,
      partnerRecord: record,
    });
    await this.record(tx, message, 'delivered', { status: record.TrangThaiHoSo, attempt: message.attempt });
  }

  /**
   * Makes each call once per message, even when a later call of the same message fails and the message is tried
   * again: a call that succeeded before a failure is marked (outside the transaction, which will roll back), and
   * a repeated try skips what is marked. The first try reads nothing, so the usual path costs no extra query.
   */
  private async calls(
    message: InboundMessage,
    guard: ConnectorGuard,
    calls: [service: string, body: Record<string, unknown>][],
  ): Promise<void> {
    const id = message.envelope.id;
    const repeated = message.triedBefore || message.attempt > 0;
    const done = repeated ? await this.deliveries.stepsDone(id, NATIONAL_PORTAL) : new Set<string>();
    const succeeded: string[] = [];
    try {
      for (const [service, body] of calls) {
        if (done.has(service)) continue;
        await guard.run(() => this.client.call(service, body));
        succeeded.push(service);
      }
    } catch (error) {
      for (const service of succeeded) await this.deliveries.markStepDone(id, NATIONAL_PORTAL, service);
      throw error;
    }
  }

  private record(
    tx: Transaction,
    message: InboundMessage,
    stage: 'delivered' | 'stale',
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.trace.append(
      {
        dossierCode: message.envelope.key,
        stage,
        system: NATIONAL_PORTAL,
        messageId: message.envelope.id,
        eventType: message.envelope.type,
        correlationId: message.envelope.correlationId,
        detail,
      },
      tx,
    );
  }
}
