import { Injectable, Logger } from '@nestjs/common';
import { AuditEntry, AuditJson, AuditLog, AuditRecord } from '@lgsp/audit';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DeadLetterOperations } from '@lgsp/messaging';
import { DatabaseService, DeadLetterRepository, StoredDeadLetter, Transaction } from '@lgsp/persistence';
import { maskFreeText } from '@lgsp/observability';
import {
  DeadLetterDiscardRequest,
  DeadLetterListQuery,
  DeadLetterReplayRequest,
  ReplayFilter,
  limitOf,
  replaySelection,
} from './dead-letter.request';
import { Operator, actorOf } from '../operators/operator-identity';
import { DeadLetterDetail, DeadLetterSummary, detailOf, summaryOf } from './dead-letter.view';

export const REPLAY_ACTION = 'dead-letter-replay';
export const REPLAY_FAILED_ACTION = 'dead-letter-replay-failed';
export const DISCARD_ACTION = 'dead-letter-discard';
/** The audit subject of every dead-letter action; the letters are in its details (`ids`). */
export const DEAD_LETTERS_SUBJECT = 'dead-letters';

export interface ReplayAnswer {
  /** Copies the broker took. */
  replayed: string[];
  /** Claimed but not taken by the broker: open again, to be replayed later. */
  failed: { id: string; reason: string }[];
  /** Named ids that were not open (already replayed or discarded, unknown, or claimed by a concurrent replay). */
  notOpen: string[];
  /** A filtered replay stopped at its limit while more open letters matched. */
  more: boolean;
  /** The operator-action record of this replay, `stream:sequence`. */
  audit: string;
}

export interface DiscardAnswer {
  discarded: string[];
  notOpen: string[];
  audit: string;
}

/**
 * Operators' dead-letter actions, each with one record in the operator-action chain of the audit record.
 *
 * Order of a replay (fail-closed, no effect without its record): one transaction locks the open letters, appends
 * the audit record naming them and marks them replayed, and commits; only then are the copies published. A failed
 * audit append rolls the claim back and nothing is sent. A copy the broker refuses is opened again, with a second
 * record (`dead-letter-replay-failed`), so the chain tells what was attempted and what did not go. The price: a
 * crash between the commit and the publish leaves a letter marked replayed that was never sent; its intent is in
 * the chain and the log, and its original bytes are still stored. The other order (publish, then commit the
 * record) could send a copy whose record then failed: an effect the chain does not know, which is what
 * fail-closed rules out. Two concurrent replays of one letter: the second waits on the row lock, then finds it
 * closed, so only one copy is published (and a consumer that applied the message id skips a copy anyway).
 */
@Injectable()
export class DeadLetterActions {
  private readonly logger = new Logger('DeadLetterActions');

  constructor(
    private readonly db: DatabaseService,
    private readonly letters: DeadLetterRepository,
    private readonly operations: DeadLetterOperations,
    private readonly audit: AuditLog,
  ) {}

  async list(query: DeadLetterListQuery): Promise<DeadLetterSummary[]> {
    const letters = await this.letters.list({
      consumerGroup: query.connector,
      reasonText: query.reason,
      status: query.status,
      since: query.from ? new Date(query.from) : undefined,
      until: query.to ? new Date(query.to) : undefined,
      limit: limitOf(query.limit),
    });
    return letters.map(summaryOf);
  }

  async show(id: string): Promise<DeadLetterDetail> {
    const letter = await this.letters.findById(id);
    if (!letter) throw new DomainError(DomainErrorCode.NotFound, `Dead letter ${id} does not exist`);
    return detailOf(letter);
  }

  async replay(operator: Operator, request: DeadLetterReplayRequest): Promise<ReplayAnswer> {
    const { ids, filter, given } = replaySelection(request);
    const { claimed, notOpen, more, record } = await this.audited(
      'the replay',
      REPLAY_ACTION,
      operator,
      async (tx) => {
        const selected = ids ?? (await this.filtered(tx, filter, limitOf(request.limit)));
        const open = await this.letters.lockOpen(tx, selected.ids);
        return {
          claimed: open,
          notOpen: idsNotIn(selected.ids, open),
          more: selected.more,
          details: {
            ...(ids ? { requested: ids.ids } : { filter: given }),
            ids: open.map((letter) => letter.id),
          },
        };
      },
      (tx, open, audit) =>
        this.letters.resolve(
          open.map((letter) => letter.id),
          'replayed',
          `replayed by ${actorOf(operator)} (audit ${audit})`,
          tx,
        ),
    );
    // All at once: the publisher sends them in as few requests as it can, in claim (id) order.
    const outcomes = await Promise.allSettled(claimed.map((letter) => this.operations.publishCopy(letter)));
    const replayed: string[] = [];
    const failed: ReplayAnswer['failed'] = [];
    for (const [index, outcome] of outcomes.entries()) {
      const id = claimed[index].id;
      if (outcome.status === 'fulfilled') {
        replayed.push(id);
        continue;
      }
      const error: unknown = outcome.reason;
      this.logger.warn({ err: error, letter: id }, 'A dead letter’s copy was not sent; it is opened again');
      failed.push({ id, reason: maskFreeText(error instanceof Error ? error.message : String(error)) });
    }
    if (failed.length > 0) await this.reopen(operator, failed, record);
    this.logger.log(
      { operator: actorOf(operator), replayed: replayed.length, failed: failed.length },
      'Dead letters replayed',
    );
    return { replayed, failed, notOpen, more, audit: record };
  }

  async discard(operator: Operator, request: DeadLetterDiscardRequest): Promise<DiscardAnswer> {
    const reason = request.reason.trim();
    if (reason.length < 3)
      throw new DomainError(DomainErrorCode.ValidationFailed, 'A discard needs a reason', [
        { field: 'reason', message: 'must hold at least 3 characters besides spaces' },
      ]);
    const { claimed, notOpen, record } = await this.audited(
      'the discard',
      DISCARD_ACTION,
      operator,
      async (tx) => {
        const open = await this.letters.lockOpen(tx, request.ids);
        return {
          claimed: open,
          notOpen: idsNotIn(request.ids, open),
          more: false,
          details: { ids: open.map((letter) => letter.id), reason },
        };
      },
      // Status and record commit together: a discard whose record fails does not happen.
      (tx, open, audit) =>
        this.letters.resolve(
          open.map((letter) => letter.id),
          'discarded',
          `discarded by ${actorOf(operator)} (audit ${audit}): ${reason}`,
          tx,
        ),
    );
    this.logger.log({ operator: actorOf(operator), discarded: claimed.length }, 'Dead letters discarded');
    return { discarded: claimed.map((letter) => letter.id), notOpen, audit: record };
  }

  /**
   * One transaction: select and lock the letters, append the action's record, change their status. Any failure
   * rolls all three back and refuses the action (fail-closed).
   */
  private async audited(
    what: string,
    action: string,
    operator: Operator,
    select: (tx: Transaction) => Promise<Claim>,
    change: (tx: Transaction, claimed: StoredDeadLetter[], audit: string) => Promise<unknown>,
  ): Promise<Claim & { record: string }> {
    try {
      return await this.db.transaction(async (tx) => {
        const claim = await select(tx);
        const record = await this.audit.appendIn(tx, entryOf(action, operator, claim.details));
        const audit = referenceOf(record);
        if (claim.claimed.length > 0) await change(tx, claim.claimed, audit);
        return { ...claim, record: audit };
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError(
        DomainErrorCode.Internal,
        `${what} was not done: its audit record or its status change could not be written`,
        [],
        { cause: error },
      );
    }
  }

  /**
   * Letters whose copy the broker refused are opened again, with their own record. If this fails too (the
   * database is down as well), they stay marked replayed without having been sent: the log names them.
   */
  private async reopen(
    operator: Operator,
    failed: ReplayAnswer['failed'],
    replayRecord: string,
  ): Promise<void> {
    const ids = failed.map((failure) => failure.id);
    try {
      await this.db.transaction(async (tx) => {
        await this.audit.appendIn(
          tx,
          entryOf(REPLAY_FAILED_ACTION, operator, { ids, failures: failed, replay: replayRecord }),
        );
        await this.letters.reopen(tx, ids, `replay by ${actorOf(operator)} not sent; open again`);
      });
    } catch (error) {
      this.logger.error(
        { err: error, letters: ids, audit: replayRecord },
        'Dead letters marked replayed were not sent and could not be opened again',
      );
      throw new DomainError(
        DomainErrorCode.Internal,
        `Letters ${ids.join(', ')} were claimed for replay (audit ${replayRecord}) but not sent, and could not be ` +
          'opened again; they stay marked replayed',
        [],
        { cause: error },
      );
    }
  }

  private async filtered(
    tx: Transaction,
    filter: ReplayFilter,
    limit: number,
  ): Promise<{ ids: string[]; more: boolean }> {
    const letters = await this.letters.list(
      {
        consumerGroup: filter.connector,
        reasonText: filter.reason,
        status: 'open',
        since: filter.from ? new Date(filter.from) : undefined,
        until: filter.to ? new Date(filter.to) : undefined,
        // One more than asked: whether the filter found more than this replay takes.
        limit: limit + 1,
      },
      tx,
    );
    return { ids: letters.slice(0, limit).map((letter) => letter.id), more: letters.length > limit };
  }
}

interface Claim {
  claimed: StoredDeadLetter[];
  notOpen: string[];
  more: boolean;
  details: { [key: string]: AuditJson };
}

function idsNotIn(requested: string[], open: StoredDeadLetter[]): string[] {
  const claimed = new Set(open.map((letter) => letter.id));
  return [...new Set(requested)].filter((id) => !claimed.has(id));
}

function entryOf(action: string, operator: Operator, details: { [key: string]: AuditJson }): AuditEntry {
  return {
    stream: 'operator-action',
    actor: actorOf(operator),
    action,
    subject: DEAD_LETTERS_SUBJECT,
    details: { client: operator.client, operator: operator.person, ...details },
  };
}

function referenceOf(record: AuditRecord): string {
  return `${record.stream}:${record.sequence}`;
}
