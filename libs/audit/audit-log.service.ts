import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { DatabaseService, Transaction } from '@lgsp/persistence';
import { AuditEntry, AuditRecord, AuditStream, isAuditStream } from './audit-record';
import { auditChainSql } from './audit-chain.repository';
import { NonCanonicalValueError, canonicalJson } from './canonical-hash';

export const AUDIT_GROUP_COMMIT = Symbol('AUDIT_GROUP_COMMIT');

export interface GroupCommitOptions {
  /**
   * How long the first append of a batch waits for others to join it; 0: only those of the same event-loop turn.
   * Appends arriving while a batch is being written wait for it anyway and go together in the next one, so under
   * load batches form without a window; at low load a window is only a wait.
   */
  windowMs: number;
  /** The most records one INSERT carries; a fuller queue is written in several. */
  maxBatch: number;
}

const DEFAULTS: GroupCommitOptions = { windowMs: 0, maxBatch: 500 };

interface Pending {
  entry: AuditEntry;
  resolve(record: AuditRecord): void;
  reject(error: unknown): void;
}

interface StreamQueue {
  waiting: Pending[];
  timer?: { cancel(): void };
  /** The batch being written: the next one waits for it, as its writer would wait for the head row anyway. */
  writing?: Promise<void>;
}

/**
 * Appends to the tamper-evident audit record. Fail-closed: the audited action awaits its append and does not
 * happen (or is not answered) when the append fails.
 *
 * - `appendIn(tx, entry)`: inside the action's own transaction; the record commits or rolls back with it.
 * - `append(entry)`: for an action without a transaction of its own (a look-up). Appends of one stream arriving
 *   within `windowMs` of each other (by default: in one event-loop turn), or while the previous batch is being
 *   written, share one INSERT and one commit, so each pays a short wait instead of a commit (an fsync) of its own.
 *
 * A caller holding a transaction uses appendIn: append() takes a second connection (see DatabaseService).
 */
@Injectable()
export class AuditLog implements OnModuleDestroy {
  private readonly options: GroupCommitOptions;
  private readonly queues = new Map<AuditStream, StreamQueue>();

  constructor(
    private readonly db: DatabaseService,
    @Optional() @Inject(AUDIT_GROUP_COMMIT) options?: Partial<GroupCommitOptions>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async appendIn(tx: Transaction, entry: AuditEntry): Promise<AuditRecord> {
    checkEntry(entry);
    const [record] = await auditChainSql.append(tx, entry.stream, [entry], new Date());
    return record;
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    return new Promise<AuditRecord>((resolve, reject) => {
      checkEntry(entry);
      const queue = this.queueOf(entry.stream);
      queue.waiting.push({ entry, resolve, reject });
      if (!queue.timer && !queue.writing) queue.timer = this.schedule(() => this.write(entry.stream));
    });
  }

  /** Writes what is queued now, so nothing waits on a window after the pool is closed. */
  async onModuleDestroy(): Promise<void> {
    for (const [stream, queue] of this.queues) {
      queue.timer?.cancel();
      queue.timer = undefined;
      while (queue.writing || queue.waiting.length > 0) {
        if (queue.writing) await queue.writing;
        else this.write(stream);
      }
    }
  }

  /** After the window, or (window 0) once this turn's other appends are queued: setTimeout(0) would wait 1 ms. */
  private schedule(write: () => void): { cancel(): void } {
    if (this.options.windowMs > 0) {
      const timer = setTimeout(write, this.options.windowMs);
      return { cancel: () => clearTimeout(timer) };
    }
    const immediate = setImmediate(write);
    return { cancel: () => clearImmediate(immediate) };
  }

  private queueOf(stream: AuditStream): StreamQueue {
    let queue = this.queues.get(stream);
    if (!queue) {
      queue = { waiting: [] };
      this.queues.set(stream, queue);
    }
    return queue;
  }

  private write(stream: AuditStream): void {
    const queue = this.queueOf(stream);
    queue.timer = undefined;
    const batch = queue.waiting.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    queue.writing = this.db
      .transaction((tx) =>
        auditChainSql.append(
          tx,
          stream,
          batch.map((pending) => pending.entry),
          new Date(),
        ),
      )
      .then(
        (records) => batch.forEach((pending, index) => pending.resolve(records[index])),
        // Every action of the batch is refused: none of its records committed.
        (error: unknown) => batch.forEach((pending) => pending.reject(error)),
      )
      .finally(() => {
        queue.writing = undefined;
        // Those who arrived during the write have waited at least as long as a window: they go now.
        if (queue.waiting.length > 0) this.write(stream);
      });
  }
}

/**
 * Refuses, to its own caller, an entry the chain cannot hold as given, before it joins a batch whose commit it would
 * fail for everyone: an unknown stream, a number JSON cannot hold (JSON.stringify would store it as null), or U+0000,
 * which PostgreSQL's text and jsonb refuse.
 */
function checkEntry(entry: AuditEntry): void {
  // The type says so; a value read from elsewhere (a header, a file) may not.
  const stream: string = entry.stream;
  if (!isAuditStream(stream)) throw new NonCanonicalValueError('stream', `${stream} is no audit stream`);
  // In the JSON, a NUL is written \u0000 after an even number of backslashes (an odd one escapes the backslash).
  const nulInJson = /(^|[^\\])(\\\\)*\\u0000/.test(canonicalJson(entry.details));
  if (nulInJson || [entry.actor, entry.action, entry.subject].some((value) => value.includes('\u0000'))) {
    throw new NonCanonicalValueError('entry', 'PostgreSQL cannot store U+0000');
  }
}
