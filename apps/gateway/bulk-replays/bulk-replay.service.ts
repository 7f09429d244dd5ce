import { Injectable } from '@nestjs/common';
import { AuditJson } from '@lgsp/audit';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { NATIONAL_PORTAL, nationalPortalConfig } from '@lgsp/adapters/national-portal';
import { DeadLetterReplaySettings, TopicNames, deadLetterReplayConfig } from '@lgsp/messaging';
import { BulkReplay, BulkReplayRepository, BulkReplayState, Transaction } from '@lgsp/persistence';
import { AuditedChange, OperatorActions } from '../operators/operator-actions';
import { Operator, actorOf } from '../operators/operator-identity';
import { BulkReplayRequest, ReplayStateChange } from './bulk-replay.request';

export const BULK_REPLAY_ACTION = 'dead-letter-bulk-replay';

/**
 * The most portal calls one replayed event can cost: the look-up that checks what the portal holds (TraCuuHoSo),
 * the dossier (DongBoHoSoMC) and its step (CapNhatTienDoHoSoMC). Pacing letters at the share divided by this keeps
 * the replay's calls under its share even when no run batches them.
 */
export const PORTAL_CALLS_PER_REPLAYED_EVENT = 3;

/** A bulk replay with how far it got. */
export interface BulkReplayView extends BulkReplay {
  remaining: number;
}

const TRANSITIONS: Record<ReplayStateChange, { from: BulkReplayState[]; to: BulkReplayState }> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
};

/**
 * Operators ask for a bulk replay of one connector's dead letters (by reason and time), pause, resume or cancel it;
 * each is one record in the operator-action chain, committed with the change. BulkReplayRunner sends the letters.
 */
@Injectable()
export class BulkReplays {
  private readonly settings: DeadLetterReplaySettings;

  constructor(
    private readonly replays: BulkReplayRepository,
    private readonly actions: OperatorActions,
    private readonly config: BusConfig,
  ) {
    this.settings = config.slice(deadLetterReplayConfig);
  }

  async start(request: BulkReplayRequest, operator: Operator): Promise<BulkReplayView & { audit: string }> {
    const share = request.share ?? this.settings.share;
    if (share > this.settings.share)
      throw new DomainError(DomainErrorCode.ValidationFailed, 'The share is above what this bus allows', [
        { field: 'share', message: `must be at most DEAD_LETTER_REPLAY_SHARE (${this.settings.share})` },
      ]);
    const filter = {
      // Letters name the consumer group that gave up on them: the connector's, under this bus's prefix.
      connector: TopicNames.from(this.config).consumerGroup(request.connector),
      reason: request.reason,
      deadFrom: request.from ? new Date(request.from) : undefined,
      deadTo: request.to ? new Date(request.to) : undefined,
    };
    const rate = this.rateFor(request.connector, share);
    return this.audited(operator, async (tx) => {
      const replay = await this.replays.create(tx, filter, rate, actorOf(operator));
      const details: { [key: string]: AuditJson } = {
        bulkReplay: replay.id,
        change: 'start',
        connector: filter.connector,
        reason: filter.reason ?? null,
        from: filter.deadFrom?.toISOString() ?? null,
        to: filter.deadTo?.toISOString() ?? null,
        share,
        ratePerSecond: rate,
        total: replay.total,
      };
      return { result: replay, details };
    });
  }

  async change(
    id: string,
    change: ReplayStateChange,
    operator: Operator,
  ): Promise<BulkReplayView & { audit: string }> {
    const { from, to } = TRANSITIONS[change];
    return this.audited(operator, async (tx) => {
      const replay = await this.replays.move(tx, id, from, to);
      if (!replay) {
        const known = await this.replays.find(id);
        if (!known) throw new DomainError(DomainErrorCode.NotFound, `Bulk replay ${id} does not exist`);
        throw new DomainError(
          DomainErrorCode.Conflict,
          `Bulk replay ${id} is ${known.state}: it cannot ${change}`,
        );
      }
      return { result: replay, details: { bulkReplay: id, change } };
    });
  }

  async view(id: string): Promise<BulkReplayView> {
    const replay = await this.replays.find(id);
    if (!replay) throw new DomainError(DomainErrorCode.NotFound, `Bulk replay ${id} does not exist`);
    return withProgress(replay);
  }

  async list(): Promise<BulkReplayView[]> {
    return (await this.replays.list()).map(withProgress);
  }

  private async audited(
    operator: Operator,
    change: (tx: Transaction) => Promise<AuditedChange<BulkReplay>>,
  ): Promise<BulkReplayView & { audit: string }> {
    const { result, audit } = await this.actions.audited(
      operator,
      BULK_REPLAY_ACTION,
      'dead-letters',
      change,
    );
    return { ...withProgress(result), audit };
  }

  /** Letters per second: the share of the partner's rate limit, or the set rate for a partner without one. */
  private rateFor(connector: string, share: number): number {
    const partnerRate =
      connector === NATIONAL_PORTAL ? this.config.slice(nationalPortalConfig).ratePerSecond : 0;
    if (partnerRate <= 0) return this.settings.unlimitedPartnerRate;
    return (share * partnerRate) / PORTAL_CALLS_PER_REPLAYED_EVENT;
  }
}

function withProgress(replay: BulkReplay): BulkReplayView {
  return { ...replay, remaining: Math.max(0, replay.total - replay.replayed) };
}
