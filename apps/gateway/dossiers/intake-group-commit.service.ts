import { Injectable, Logger } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { DomainError } from '@lgsp/contracts';
import { MetricsRegistry } from '@lgsp/observability';
import {
  DatabaseService,
  IdempotencyKeyRepository,
  StoredAnswer,
  Transaction,
  idempotencyKeyOf,
} from '@lgsp/persistence';
import { Histogram } from 'prom-client';
import { StaleEventRecorder } from '../stale-events/stale-event.recorder';
import { StaleEvent, staleEventOf } from '../stale-events/stale-event.repository';
import { DossierIntakeService, IntakeItem, IntakeReceipt } from './dossier-intake.service';
import { GatewayAnswer, checkIdempotencyKey, keyReused } from './idempotent-request.service';
import { IntakeGroupSettings, intakeGroupConfig } from './intake-group.config';

/** One caller's dossier call, waiting for its group. */
export interface IntakeRequest extends IntakeItem {
  clientId: string;
  key?: string;
  /** The request's fingerprint, when it sent a key: the key sent again with another request is refused. */
  fingerprint: string;
}

type IntakeAnswer = GatewayAnswer<IntakeReceipt>;

interface Waiting {
  request: IntakeRequest;
  arrivedAt: number;
  resolve: (answer: IntakeAnswer) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: single dossier calls that arrive together are judged and written in one transaction, in as few
 * statements as a lone call takes, and each caller is answered with its own outcome (202, stale, 409, 404…).
 * A group starts when it is full or when its first call has waited the window, as long as fewer than the
 * allowed groups are committing; while they are, arriving calls wait and form the next, larger group. Each
 * answer is given only after its group committed, so a 202 still means durable.
 */
@Injectable()
export class IntakeGroupCommit {
  private readonly logger = new Logger(IntakeGroupCommit.name);
  private readonly settings: IntakeGroupSettings;
  private waiting: Waiting[] = [];
  private committing = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Dossiers named in the groups now committing. */
  private readonly dossiersCommitting = new Set<string>();
  private readonly groupSizes: Histogram;

  constructor(
    private readonly db: DatabaseService,
    private readonly keys: IdempotencyKeyRepository,
    private readonly intake: DossierIntakeService,
    private readonly staleEvents: StaleEventRecorder,
    config: BusConfig,
    registry: MetricsRegistry,
  ) {
    this.settings = config.slice(intakeGroupConfig);
    this.groupSizes = new Histogram({
      name: 'lgsp_gateway_intake_group_size',
      help: 'Dossier calls judged and written in one transaction (group commit)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [registry],
    });
  }

  submit(request: IntakeRequest): Promise<IntakeAnswer> {
    checkIdempotencyKey(request.key);
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, arrivedAt: performance.now(), resolve, reject });
      this.startDueGroups();
    });
  }

  private startDueGroups(): void {
    const { maxSize, windowMs, concurrency } = this.settings;
    while (this.waiting.length > 0 && this.committing < concurrency) {
      const waited = performance.now() - this.waiting[0].arrivedAt;
      if (this.waiting.length < maxSize && waited < windowMs) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.startDueGroups();
        }, windowMs - waited);
        return;
      }
      clearTimeout(this.timer);
      this.timer = undefined;
      const group = this.takeGroup(maxSize);
      // Every waiting call is behind a committing group; the first to finish starts the next.
      if (group.length === 0) return;
      this.groupSizes.observe(group.length);
      this.committing++;
      const dossiers = group.map((waiting) => waiting.request.command.body.dossierCode);
      for (const dossier of dossiers) this.dossiersCommitting.add(dossier);
      void this.commit(group)
        .catch((error: unknown) => {
          // Settling twice is a no-op: this only reaches callers still waiting when answering them failed.
          this.logger.error({ err: error, calls: group.length }, 'Answering a committed group failed');
          for (const waiting of group) waiting.reject(error);
        })
        .finally(() => {
          for (const dossier of dossiers) this.dossiersCommitting.delete(dossier);
          this.committing--;
          this.startDueGroups();
        });
    }
  }

  /**
   * The oldest waiting calls, up to the cap, leaving for a later group:
   * - a call about a dossier that a committing group holds: two groups take their locks in their own time, so
   *   the later group could be judged first and a dossier's calls applied out of the order they arrived in;
   * - a call whose Idempotency-Key is already in the group: in one transaction both would find the key unused
   *   and both take effect.
   */
  private takeGroup(maxSize: number): Waiting[] {
    const group: Waiting[] = [];
    const keys = new Set<string>();
    const left: Waiting[] = [];
    for (const waiting of this.waiting) {
      const { clientId, key, command } = waiting.request;
      const named = key === undefined ? undefined : idempotencyKeyOf({ clientId, key });
      if (
        group.length >= maxSize ||
        this.dossiersCommitting.has(command.body.dossierCode) ||
        (named !== undefined && keys.has(named))
      ) {
        left.push(waiting);
        continue;
      }
      if (named !== undefined) keys.add(named);
      group.push(waiting);
    }
    this.waiting = left;
    return group;
  }

  private async commit(group: Waiting[]): Promise<void> {
    let answers: (IntakeAnswer | DomainError)[];
    try {
      answers = await this.db.transaction((tx) =>
        this.judgeAndWrite(
          tx,
          group.map((waiting) => waiting.request),
        ),
      );
    } catch (error) {
      // A busy or unreachable database fails every call alike. Anything else may be one call's row the
      // database refused: each call is then committed alone, so it fails only its own caller.
      if (group.length === 1 || error instanceof DomainError) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      this.logger.warn(
        { err: error, calls: group.length },
        'Group commit failed; committing its calls one by one',
      );
      await Promise.all(group.map((waiting) => this.commit([waiting])));
      return;
    }
    this.intake.committed();
    for (const [index, waiting] of group.entries()) {
      const answer = answers[index];
      if (answer instanceof DomainError) {
        waiting.reject(answer);
        continue;
      }
      if (!answer.replayed && answer.body.outcome === 'stale')
        this.staleEvents.counted(waiting.request.clientId, 1);
      waiting.resolve(answer);
    }
  }

  /** The group's answers, in its order: a stored answer for a key sent again, else the call's judgement. */
  private async judgeAndWrite(
    tx: Transaction,
    requests: IntakeRequest[],
  ): Promise<(IntakeAnswer | DomainError)[]> {
    const keyed = requests.flatMap(({ clientId, key }) => (key === undefined ? [] : [{ clientId, key }]));
    const stored = await this.keys.claimOrFindMany(tx, keyed);
    const answers = new Array<IntakeAnswer | DomainError>(requests.length);
    const fresh: number[] = [];
    for (const [index, { clientId, key, fingerprint }] of requests.entries()) {
      const earlier = key === undefined ? undefined : stored.get(idempotencyKeyOf({ clientId, key }));
      if (earlier === undefined) fresh.push(index);
      else if (earlier.fingerprint !== fingerprint) answers[index] = keyReused(key!);
      else answers[index] = { status: earlier.status, body: earlier.body as IntakeReceipt, replayed: true };
    }
    const results =
      fresh.length === 0
        ? []
        : await this.intake.acceptAll(
            tx,
            fresh.map((index) => requests[index]),
          );
    const staleByClient = new Map<string, StaleEvent[]>();
    const answered: StoredAnswer[] = [];
    for (const [position, index] of fresh.entries()) {
      const result = results[position];
      const { clientId, key, fingerprint, command } = requests[index];
      if (result instanceof DomainError) {
        answers[index] = result; // refused: nothing stored, judged again when retried
        continue;
      }
      answers[index] = { status: 202, body: result, replayed: false };
      if (result.outcome === 'stale') {
        const events = staleByClient.get(clientId) ?? [];
        staleByClient.set(clientId, [...events, staleEventOf(result, command.body.occurredAt)]);
      }
      if (key !== undefined)
        answered.push({ clientId, key, response: { fingerprint, status: 202, body: result } });
    }
    for (const [clientId, events] of staleByClient) await this.staleEvents.record(tx, clientId, events);
    await this.keys.storeMany(tx, answered);
    return answers;
  }
}
