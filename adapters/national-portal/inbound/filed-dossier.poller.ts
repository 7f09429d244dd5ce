import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import {
  DOSSIER_FILED_ON_PORTAL,
  DomainError,
  DomainErrorCode,
  DossierFiledOnPortalV1,
  Topics,
} from '@lgsp/contracts';
import { maskPersonalIds } from '@lgsp/observability';
import { OutboxRelay, OutboxWriter, createEnvelope } from '@lgsp/messaging';
import {
  DatabaseService,
  DeadLetterRepository,
  DossierTraceRepository,
  FeedCursorRepository,
  traceEntry,
} from '@lgsp/persistence';
import { ConnectorGuards } from '@lgsp/resilience';
import { NationalPortalClient } from '../client/national-portal.client';
import { toFiledDossier } from '../mapping/filed-dossier.mapping';
import { nationalPortalConfig } from '../national-portal.config';
import { NATIONAL_PORTAL } from '../national-portal.policy';

export const PORTAL_FEED = 'national-portal.filed-dossiers';
const PAGE_SIZE = 100;

/**
 * Collects dossiers citizens filed on the national portal. Pull, not push: the province decides when and how
 * fast it reads, an outage on either side only delays reading (the cursor waits), and no inbound port has to
 * be opened to the provincial network. Each page is committed with the cursor that follows it, then
 * acknowledged to the portal; a crash between the two re-reads nothing, because we read after our own cursor.
 */
@Injectable()
export class FiledDossierPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FiledDossierPoller');
  private timer?: NodeJS.Timeout;
  private polling?: Promise<number>;
  private stopped = false;
  private readonly pendingDeadLetters: {
    record: Record<string, unknown>;
    cursor: string;
    error: DomainError;
  }[] = [];

  constructor(
    private readonly client: NationalPortalClient,
    private readonly guards: ConnectorGuards,
    private readonly db: DatabaseService,
    private readonly cursors: FeedCursorRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly trace: DossierTraceRepository,
    private readonly deadLetters: DeadLetterRepository,
    private readonly config: BusConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  // Stops before the pool closes (onApplicationShutdown), so a page in progress commits.
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling?.catch(() => 0);
  }

  /** Reads every page available now; returns how many dossiers were collected. */
  async pollOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const collected = await this.readPage();
      total += collected;
      if (collected < PAGE_SIZE) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.pollOnce();
      this.polling
        .catch((error: unknown) => {
          // An open breaker or a portal error: the cursor did not move, the next poll reads the same page. While
          // the breaker is open that is expected, and the breaker's own log line already said so.
          const open = error instanceof DomainError && error.code === DomainErrorCode.ConnectorOpen;
          const reason = error instanceof Error ? error.message : String(error);
          if (open) this.logger.debug({ reason }, 'Portal feed not polled: breaker open');
          else this.logger.warn({ reason }, 'Polling the national portal for filed dossiers failed');
          return 0;
        })
        .finally(() => this.schedule(this.config.slice(nationalPortalConfig).feedPollMs))
        .catch((error: unknown) => this.logger.error({ err: error }, 'Poller scheduling failed'));
    }, delayMs);
  }

  /**
   * A portal record we cannot understand must not block the feed behind it: it is kept as a dead letter, with
   * the contract's reasons, for an operator, and the cursor moves on.
   */
  private understand(
    record: Record<string, unknown>,
    readAt: Date,
    cursor: string,
  ): DossierFiledOnPortalV1 | undefined {
    try {
      return toFiledDossier(record, this.config.slice(nationalPortalConfig).agencyCode, readAt);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.pendingDeadLetters.push({ record, cursor, error });
      return undefined;
    }
  }

  private async keepDeadLetters(): Promise<void> {
    for (const { record, cursor, error } of this.pendingDeadLetters.splice(0)) {
      const code = typeof record.MaHoSo === 'string' ? record.MaHoSo : null;
      await this.deadLetters.record({
        messageId: stableId(code ?? JSON.stringify(record), cursor),
        consumerGroup: PORTAL_FEED,
        topic: Topics.dossierFiledOnPortal,
        sourceTopic: PORTAL_FEED,
        sourcePartition: -1,
        sourceOffset: cursor,
        key: code,
        headers: {},
        value: Buffer.from(JSON.stringify(record)),
        reasonCode: error.code,
        reason: maskPersonalIds(error.message).slice(0, 500),
        attempts: 1,
      });
      this.logger.warn(
        { dossierCode: code, reason: error.code },
        'A dossier from the portal feed was dead-lettered',
      );
    }
  }

  private async readPage(): Promise<number> {
    const guard = this.guards.get(NATIONAL_PORTAL);
    this.pendingDeadLetters.length = 0;
    const cursor = await this.cursors.read(PORTAL_FEED);
    const reply = await guard.run(() =>
      this.client.call('LayDanhSachHoSoMoi', { ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    );
    const items = (reply.result ?? []).filter(
      (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
    );
    if (items.length === 0) return 0;
    const nextCursor = typeof reply.nextCursor === 'string' ? reply.nextCursor : undefined;
    if (!nextCursor)
      throw new DomainError(DomainErrorCode.PartnerUnavailable, 'The portal feed gave no nextCursor');
    const readAt = new Date();
    await this.db.transaction(async (tx) => {
      for (const record of items) {
        const dossier = this.understand(record, readAt, nextCursor);
        if (!dossier) continue;
        const envelope = createEnvelope({
          type: DOSSIER_FILED_ON_PORTAL,
          contractVersion: 1,
          key: dossier.dossierCode,
          payload: dossier,
          source: NATIONAL_PORTAL,
        });
        // The same portal dossier read again (a cursor lost with a restored database) keeps its message id.
        envelope.id = stableId(dossier.dossierCode, dossier.filedAt);
        envelope.correlationId = envelope.id;
        await this.outbox.add(tx, Topics.dossierFiledOnPortal, envelope);
        await this.trace.append(traceEntry(envelope, 'received', NATIONAL_PORTAL), tx);
      }
      await this.cursors.move(tx, PORTAL_FEED, nextCursor);
    });
    await this.keepDeadLetters();
    this.relay.notify();
    await guard.run(() => this.client.call('XacNhanHoSoMoi', { cursor: nextCursor }));
    this.logger.log(
      { collected: items.length, cursor: nextCursor },
      'Collected dossiers filed on the national portal',
    );
    return items.length;
  }
}

function stableId(dossierCode: string, filedAt: string): string {
  const hex = createHash('sha256').update(`${PORTAL_FEED}\u0000${dossierCode}\u0000${filedAt}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
