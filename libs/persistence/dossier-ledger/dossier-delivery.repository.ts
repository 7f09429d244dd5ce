import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '../database.service';

export interface DeliveryState {
  synchronised: boolean;
  lastStatus: number | null;
  lastOccurredAt: Date;
  deliveredCount: number;
  partnerRecord: Record<string, unknown> | null;
  /** When the last delivery was recorded (after its calls): calls noted later are not in the record yet. */
  deliveredAt: Date;
}

export interface Delivery {
  dossierCode: string;
  destination: string;
  messageId: string;
  eventType: string;
  status?: number;
  occurredAt: Date;
  /** True once the dossier itself (not only a progress step) reached the destination. */
  synchronised: boolean;
  partnerRecord?: Record<string, unknown>;
}

interface DeliveryRow {
  synchronised: boolean;
  last_status: number | null;
  last_occurred_at: Date;
  delivered_count: number;
  partner_record: Record<string, unknown> | null;
  delivered_at: Date;
}

/** Per destination, what the bus delivered for each dossier; a connector checks order and staleness here. */
/**
 * A call made for another message not yet committed, which carried a record of one of the run's dossiers: done
 * (the partner applied it) or unknown (no answer came).
 */
export interface UnsettledStep {
  messageId: string;
  dossierCode: string;
  step: string;
  outcome: 'done' | 'unknown';
  /** When it was noted: done steps of one dossier were applied in this order (its row lock serialises them). */
  notedAt: Date;
  /** Unknown and noted so recently that its call may not have reached the partner yet (see stepNotes). */
  mayBeInFlight: boolean;
  /** What the partner holds for the dossier if that call was applied; null on notes older than the column. */
  sentRecord: Record<string, unknown> | null;
}

/** A repeated try's view of the calls made for its messages (see DossierDeliveryRepository.stepNotes). */
export interface StepNotes {
  done: Map<string, Set<string>>;
  unknown: Map<string, Map<string, Record<string, unknown> | null>>;
  /** Calls made for other messages not yet committed, for the run's dossiers: the bus's copy may lag them. */
  othersUnsettled: UnsettledStep[];
  /** The run's own messages with a call in doubt noted so recently that it may not have reached the partner. */
  ownInFlight: Set<string>;
}

/** A call the partner answered: noted done with the next call's note (noteStepsInDoubt). */
export interface AnsweredStep {
  messageId: string;
  step: string;
}

/** Per message of a call: its dossier, and what the partner holds for that dossier if the call was applied. */
export interface CallNote {
  dossierCode: string;
  sentRecord: Record<string, unknown>;
}

/** The key space of the delivery locks: (DELIVERY_LOCKS, hashtext(schema, destination, dossier code)). */
const DELIVERY_LOCKS = 0x64656c76;

const UNKNOWN_STEPS_SQL = `INSERT INTO delivery_step (message_id, destination, step, outcome, sent_record, dossier_code)
  SELECT id, $2, $3, 'unknown', NULLIF(sent, 'null')::jsonb, code
  FROM unnest($1::uuid[], $4::text[], $5::text[]) AS noted(id, sent, code)
  ON CONFLICT DO NOTHING`;

const notedParams = (
  messageIds: string[],
  destination: string,
  step: string,
  notes: ReadonlyMap<string, CallNote>,
): unknown[] => [
  messageIds,
  destination,
  step,
  messageIds.map((id) => JSON.stringify(notes.get(id)?.sentRecord ?? null)),
  messageIds.map((id) => notes.get(id)?.dossierCode ?? null),
];

@Injectable()
export class DossierDeliveryRepository {
  constructor(private readonly db: DatabaseService) {}

  /**
   * Locks several dossiers at once, toward one destination: their events arrive on more than one topic (a
   * dossier event and a payment of the same dossier are read by different consumers), so runs of one dossier meet.
   */
  async lockMany(
    tx: Transaction,
    dossierCodes: string[],
    destination: string,
  ): Promise<Map<string, DeliveryState>> {
    // A row lock locks nothing before the dossier's first delivery wrote its row: two runs of a new dossier (its
    // registration, and a payment that found the registration's call noted done) would each build the record on
    // their own and the later commit would overwrite the earlier's. The advisory lock, taken first in key order in
    // its own statement, makes the second wait and then read what the first committed.
    await tx.query(
      `SELECT pg_advisory_xact_lock($1, key)
       FROM (SELECT DISTINCT hashtext(current_schema() || E'\\n' || $2 || E'\\n' || code) AS key
             FROM unnest($3::text[]) AS code) AS keys
       ORDER BY key`,
      [DELIVERY_LOCKS, destination, dossierCodes],
    );
    const { rows } = await tx.query<DeliveryRow & { dossier_code: string }>(
      `SELECT dossier_code, synchronised, last_status, last_occurred_at, delivered_count, partner_record, delivered_at
       FROM dossier_delivery WHERE dossier_code = ANY($1::text[]) AND destination = $2
       ORDER BY dossier_code FOR UPDATE`,
      [dossierCodes, destination],
    );
    return new Map(
      rows.map((row) => [
        row.dossier_code,
        {
          synchronised: row.synchronised,
          lastStatus: row.last_status,
          lastOccurredAt: row.last_occurred_at,
          deliveredCount: row.delivered_count,
          partnerRecord: row.partner_record,
          deliveredAt: row.delivered_at,
        },
      ]),
    );
  }

  /**
   * Records the last delivery of each dossier of a batch in one statement; `count` events each. Its time is the
   * statement's, after the run's calls, not the transaction's start (see DeliveryState.deliveredAt).
   */
  async recordMany(tx: Transaction, deliveries: (Delivery & { count: number })[]): Promise<void> {
    if (deliveries.length === 0) return;
    await tx.query(
      `INSERT INTO dossier_delivery AS d (dossier_code, destination, synchronised, last_message_id, last_event_type,
         last_status, last_occurred_at, partner_record, delivered_count, delivered_at)
       SELECT *, clock_timestamp() FROM unnest($1::text[], $2::text[], $3::boolean[], $4::uuid[], $5::text[],
         $6::smallint[], $7::timestamptz[], $8::jsonb[], $9::integer[])
       ON CONFLICT (dossier_code, destination) DO UPDATE SET
         synchronised = d.synchronised OR EXCLUDED.synchronised,
         last_message_id = EXCLUDED.last_message_id, last_event_type = EXCLUDED.last_event_type,
         last_status = COALESCE(EXCLUDED.last_status, d.last_status),
         last_occurred_at = GREATEST(EXCLUDED.last_occurred_at, d.last_occurred_at),
         partner_record = COALESCE(EXCLUDED.partner_record, d.partner_record),
         delivered_count = d.delivered_count + EXCLUDED.delivered_count, delivered_at = clock_timestamp()`,
      [
        deliveries.map((delivery) => delivery.dossierCode),
        deliveries.map((delivery) => delivery.destination),
        deliveries.map((delivery) => delivery.synchronised),
        deliveries.map((delivery) => delivery.messageId),
        deliveries.map((delivery) => delivery.eventType),
        deliveries.map((delivery) => delivery.status ?? null),
        deliveries.map((delivery) => delivery.occurredAt),
        deliveries.map((delivery) =>
          delivery.partnerRecord ? JSON.stringify(delivery.partnerRecord) : null,
        ),
        deliveries.map((delivery) => delivery.count),
      ],
    );
  }

  async record(tx: Transaction, delivery: Delivery): Promise<void> {
    await this.recordMany(tx, [{ ...delivery, count: 1 }]);
  }

  /**
   * What a try must know, in one read: the calls already made for its messages (`done`, by message id), the calls
   * made without an answer (`unknown`, by message id and step, with what the partner holds for the dossier if the
   * call was applied), and the unsettled calls of other messages for the same dossiers (`othersUnsettled`). A call
   * in doubt noted less than `inFlightMs` ago may still be on its way (its worker died with the request in a
   * buffer or a proxy): asking the partner now could find it not applied and have it land later.
   */
  async stepNotes(
    tx: Transaction,
    messageIds: string[],
    destination: string,
    dossierCodes: string[] = [],
    inFlightMs = 0,
  ): Promise<StepNotes> {
    const { rows } = await tx.query<{
      message_id: string;
      dossier_code: string | null;
      step: string;
      outcome: 'done' | 'unknown';
      sent_record: Record<string, unknown> | null;
      done_at: Date;
      in_flight: boolean;
    }>(
      `SELECT message_id, dossier_code, step, outcome, sent_record, done_at,
         outcome = 'unknown' AND NOT answered
           AND done_at > clock_timestamp() - $4 * interval '1 millisecond' AS in_flight
       FROM delivery_step
       WHERE destination = $2 AND (message_id = ANY($1::uuid[]) OR dossier_code = ANY($3::text[]))`,
      [messageIds, destination, dossierCodes, inFlightMs],
    );
    const own = new Set(messageIds);
    const notes: StepNotes = {
      done: new Map(),
      unknown: new Map(),
      othersUnsettled: [],
      ownInFlight: new Set(),
    };
    for (const row of rows) {
      if (!own.has(row.message_id)) {
        notes.othersUnsettled.push({
          messageId: row.message_id,
          dossierCode: row.dossier_code!,
          step: row.step,
          outcome: row.outcome,
          notedAt: row.done_at,
          mayBeInFlight: row.in_flight,
          sentRecord: row.sent_record,
        });
      } else if (row.outcome === 'done') {
        notes.done.set(row.message_id, (notes.done.get(row.message_id) ?? new Set<string>()).add(row.step));
      } else {
        if (row.in_flight) notes.ownInFlight.add(row.message_id);
        const steps = notes.unknown.get(row.message_id) ?? new Map<string, Record<string, unknown> | null>();
        notes.unknown.set(row.message_id, steps.set(row.step, row.sent_record));
      }
    }
    return notes;
  }

  /**
   * In the transaction that records the messages' deliveries: their notes go with it, so that a note left by a
   * call (in doubt, or done) means a message not yet committed, which the dossier's next messages must build on.
   */
  async settleSteps(tx: Transaction, messageIds: string[], destination: string): Promise<void> {
    if (messageIds.length === 0) return;
    await tx.query(`DELETE FROM delivery_step WHERE message_id = ANY($1::uuid[]) AND destination = $2`, [
      messageIds,
      destination,
    ]);
  }

  /**
   * Settles another message's call found in doubt, at once and whatever happens to the caller next: applied
   * (its own retry leaves it out) or not (its own retry sends it without asking again).
   */
  async settleOthersStep(unsettled: UnsettledStep, destination: string, applied: boolean): Promise<void> {
    await this.db.commitNow(
      applied
        ? `UPDATE delivery_step SET outcome = 'done', done_at = now()
           WHERE message_id = $1 AND destination = $2 AND step = $3`
        : `DELETE FROM delivery_step
           WHERE message_id = $1 AND destination = $2 AND step = $3 AND outcome = 'unknown'`,
      [unsettled.messageId, destination, unsettled.step],
    );
  }

  /**
   * Notes calls the partner received, so a repeated try leaves them out. The note must survive the handler's
   * transaction, which a later failure rolls back, yet a handler holds one connection only (a second one per
   * handler can starve the pool): it is written on that connection once it rolled back. A transaction that
   * commits needs no note: its messages are not tried again.
   */
  markStepsDone(messageIds: string[], destination: string, step: string): void {
    this.note(
      messageIds,
      destination,
      step,
      `INSERT INTO delivery_step (message_id, destination, step, outcome)
       SELECT id, $2, $3, 'done' FROM unnest($1::uuid[]) AS id
       ON CONFLICT (message_id, destination, step) DO UPDATE SET outcome = 'done', done_at = now()`,
    );
  }

  /**
   * Notes calls that may have reached the partner (no answer came): the next try asks the partner first.
   * `notes`: per message, its dossier and what the partner holds for it if the call was applied. `answered`: the
   * partner's answer began (cut off, or unreadable), so the call reached it and cannot land later.
   */
  markStepsUnknown(
    messageIds: string[],
    destination: string,
    step: string,
    notes: ReadonlyMap<string, CallNote> = new Map(),
    answered = false,
  ): void {
    if (messageIds.length === 0) return;
    const params = [...notedParams(messageIds, destination, step, notes), answered];
    this.db.afterRollback((connection) =>
      connection.query(
        `INSERT INTO delivery_step (message_id, destination, step, outcome, sent_record, dossier_code, answered)
         SELECT id, $2, $3, 'unknown', NULLIF(sent, 'null')::jsonb, code, $6
         FROM unnest($1::uuid[], $4::text[], $5::text[]) AS noted(id, sent, code)
         ON CONFLICT (message_id, destination, step) DO UPDATE SET answered = EXCLUDED.answered
         WHERE delivery_step.outcome = 'unknown'`,
        params,
      ),
    );
  }

  /**
   * Notes, durably and before the call leaves, that the partner is about to receive these calls: if the process
   * dies before their answer is noted, the next try finds them in doubt and asks the partner first. A call that
   * is answered replaces the note (markStepsDone), or the committed transaction makes it moot (settleSteps).
   * `answered`: the calls answered since the last such note, noted done in the same statement, so a process that
   * dies leaves only the call in flight in doubt (an answered call judged later would be judged against a record
   * the partner has since moved past).
   */
  async noteStepsInDoubt(
    messageIds: string[],
    destination: string,
    step: string,
    notes: ReadonlyMap<string, CallNote> = new Map(),
    answered: readonly AnsweredStep[] = [],
  ): Promise<void> {
    if (messageIds.length === 0) return;
    const params = notedParams(messageIds, destination, step, notes);
    if (answered.length === 0) {
      await this.db.commitNow(UNKNOWN_STEPS_SQL, params);
      return;
    }
    await this.db.commitNow(
      `WITH answered AS (
         UPDATE delivery_step s SET outcome = 'done', done_at = now()
         FROM unnest($6::uuid[], $7::text[]) AS a(id, step)
         WHERE s.message_id = a.id AND s.step = a.step AND s.destination = $2
       ) ${UNKNOWN_STEPS_SQL}`,
      [...params, answered.map((call) => call.messageId), answered.map((call) => call.step)],
    );
  }

  /** The partner was asked and does not hold these calls: they are simply sent again. */
  clearStepsUnknown(messageIds: string[], destination: string, step: string): void {
    this.note(
      messageIds,
      destination,
      step,
      `DELETE FROM delivery_step
       WHERE message_id = ANY($1::uuid[]) AND destination = $2 AND step = $3 AND outcome = 'unknown'`,
    );
  }

  private note(messageIds: string[], destination: string, step: string, sql: string): void {
    if (messageIds.length === 0) return;
    this.db.afterRollback((connection) => connection.query(sql, [messageIds, destination, step]));
  }
}
