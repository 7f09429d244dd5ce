import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '../database.service';

export type SharedBreakerState = 'closed' | 'open';
export type PartnerOverride = 'open' | 'closed';

/** A maintenance window as declared; `active` is judged on the database's clock. */
export interface MaintenanceWindow {
  id: string;
  partner: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  declaredBy: string;
  declaredAt: Date;
  cancelledBy: string | null;
  cancelledAt: Date | null;
}

/** One partner's shared state, as every replica reads it (judged on the database's clock). */
export interface PartnerState {
  partner: string;
  state: SharedBreakerState;
  openedAt: Date | null;
  openedBy: string | null;
  /** Open and its open time has passed: a replica may take the probe. */
  probeDue: boolean;
  /** The replica holding the probe, while its lease runs. */
  probeBy: string | null;
  forced: PartnerOverride | null;
  forcedBy: string | null;
  forcedReason: string | null;
  forcedAt: Date | null;
  /** The maintenance window in force now, if any. */
  maintenance: { id: string; endsAt: Date; reason: string } | null;
}

interface StateRow {
  partner: string;
  state: SharedBreakerState | null;
  opened_at: Date | null;
  opened_by: string | null;
  probe_due: boolean | null;
  probe_by: string | null;
  forced: PartnerOverride | null;
  forced_by: string | null;
  forced_reason: string | null;
  forced_at: Date | null;
  window_id: string | null;
  window_ends_at: Date | null;
  window_reason: string | null;
}

interface WindowRow {
  id: string;
  partner: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  declared_by: string;
  declared_at: Date;
  cancelled_by: string | null;
  cancelled_at: Date | null;
}

/** Starts a period of `cause` for the partners a CTE named `from` returned (with their opening time). */
const START_PERIOD = (cause: OutageCause, from: string): string =>
  `INSERT INTO partner_outage (partner, cause, started_at)
   SELECT partner, '${cause}', opened_at FROM ${from}
   ON CONFLICT (partner, cause) WHERE ended_at IS NULL DO NOTHING`;

/** Ends the period of `cause` still open for the partners a CTE named `from` returned. */
const END_PERIOD = (cause: OutageCause, from: string): string =>
  `UPDATE partner_outage o SET ended_at = now() FROM ${from} f
   WHERE o.partner = f.partner AND o.cause = '${cause}' AND o.ended_at IS NULL`;

/** Why a partner's traffic was parked, as the delay report names the periods. */
export type OutageCause = 'breaker-open' | 'operator-hold';

const ENSURE_ROW = `INSERT INTO partner_breaker (partner) VALUES ($1) ON CONFLICT (partner) DO NOTHING`;

/**
 * The partners' breakers shared by every worker replica, the operators' overrides and the maintenance windows
 * (partner_breaker, maintenance_window). Each change is one conditional statement, so replicas racing for the
 * same transition (two opening, several taking the probe) settle on one outcome.
 */
@Injectable()
export class PartnerStateRepository {
  constructor(private readonly db: DatabaseService) {}

  async read(partners: string[]): Promise<PartnerState[]> {
    const rows = await this.db.query<StateRow>(
      `SELECT p.partner, b.state, b.opened_at, b.opened_by, b.probe_at <= now() AS probe_due,
         CASE WHEN b.probe_until > now() THEN b.probe_by END AS probe_by,
         b.forced, b.forced_by, b.forced_reason, b.forced_at,
         w.id::text AS window_id, w.ends_at AS window_ends_at, w.reason AS window_reason
       FROM unnest($1::text[]) AS p(partner)
       LEFT JOIN partner_breaker b ON b.partner = p.partner
       LEFT JOIN LATERAL (
         SELECT id, ends_at, reason FROM maintenance_window m
         WHERE m.partner = p.partner AND m.cancelled_at IS NULL AND m.starts_at <= now() AND m.ends_at > now()
         ORDER BY m.ends_at DESC LIMIT 1
       ) w ON true`,
      [partners],
    );
    return rows.map(toState);
  }

  /** A replica's breaker opened: the partner is open for every replica until `resetMs` from now. */
  async reportOpened(partner: string, by: string, resetMs: number): Promise<void> {
    // The opening replica also starts the partner's outage period (the delay report's), in the same statement.
    await this.db.query(
      `WITH opened AS (
         INSERT INTO partner_breaker AS b (partner, state, opened_at, opened_by, probe_at)
         VALUES ($1, 'open', now(), $2, now() + $3 * interval '1 millisecond')
         ON CONFLICT (partner) DO UPDATE SET state = 'open', opened_at = now(), opened_by = $2,
           probe_at = now() + $3 * interval '1 millisecond', probe_by = NULL, probe_until = NULL, updated_at = now()
         WHERE b.state = 'closed'
         RETURNING partner, opened_at
       )
       ${START_PERIOD('breaker-open', 'opened')}`,
      [partner, by, resetMs],
    );
  }

  /** Takes the probe if it is due and nobody holds it; true for the one replica that got it. */
  async claimProbe(partner: string, by: string, leaseMs: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE partner_breaker SET probe_by = $2, probe_until = now() + $3 * interval '1 millisecond',
         updated_at = now()
       WHERE partner = $1 AND state = 'open' AND probe_at <= now()
         AND (probe_by IS NULL OR probe_until <= now() OR probe_by = $2)
       RETURNING partner`,
      [partner, by, leaseMs],
    );
    return rows.length > 0;
  }

  /** The probe got through: closed for every replica. */
  async probeSucceeded(partner: string, by: string): Promise<void> {
    await this.db.query(
      `WITH closed AS (
         UPDATE partner_breaker SET state = 'closed', probe_by = NULL, probe_until = NULL, updated_at = now()
         WHERE partner = $1 AND state = 'open' AND probe_by = $2
         RETURNING partner
       )
       ${END_PERIOD('breaker-open', 'closed')}`,
      [partner, by],
    );
  }

  /** The probe failed: open again for `resetMs`. */
  async probeFailed(partner: string, by: string, resetMs: number): Promise<void> {
    await this.db.query(
      `UPDATE partner_breaker SET probe_at = now() + $3 * interval '1 millisecond', probe_by = NULL,
         probe_until = NULL, updated_at = now()
       WHERE partner = $1 AND state = 'open' AND probe_by = $2`,
      [partner, by, resetMs],
    );
  }

  /** An operator's override (null lifts it), in the caller's transaction (with its audit record). */
  async force(
    tx: Transaction,
    partner: string,
    forced: PartnerOverride | null,
    by: string,
    reason: string,
  ): Promise<void> {
    await tx.query(ENSURE_ROW, [partner]);
    await tx.query(
      `UPDATE partner_breaker SET forced = $2, forced_by = $3, forced_reason = $4, forced_at = now(),
         updated_at = now()
       WHERE partner = $1`,
      [partner, forced, by, reason],
    );
    // The hold is a period of its own in the delay report: a different override, or none, ends it.
    const held = `(SELECT $1::text AS partner, now() AS opened_at)`;
    if (forced === 'open')
      await tx.query(`WITH held AS ${held} ${START_PERIOD('operator-hold', 'held')}`, [partner]);
    else
      await tx.query(`WITH lifted AS (SELECT $1::text AS partner) ${END_PERIOD('operator-hold', 'lifted')}`, [
        partner,
      ]);
  }

  async declareWindow(
    tx: Transaction,
    window: { partner: string; startsAt: Date; endsAt: Date; reason: string; declaredBy: string },
  ): Promise<MaintenanceWindow> {
    const { rows } = await tx.query<WindowRow>(
      `INSERT INTO maintenance_window (partner, starts_at, ends_at, reason, declared_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [window.partner, window.startsAt, window.endsAt, window.reason, window.declaredBy],
    );
    return toWindow(rows[0]);
  }

  /** Cancels a partner's window not yet over; undefined when there is no such window. */
  async cancelWindow(
    tx: Transaction,
    partner: string,
    id: string,
    by: string,
  ): Promise<MaintenanceWindow | undefined> {
    const { rows } = await tx.query<WindowRow>(
      `UPDATE maintenance_window SET cancelled_by = $3, cancelled_at = now()
       WHERE id = $2::bigint AND partner = $1 AND cancelled_at IS NULL AND ends_at > now() RETURNING *`,
      [partner, id, by],
    );
    return rows[0] ? toWindow(rows[0]) : undefined;
  }

  /** Windows not yet over (cancelled ones included), soonest first. */
  async upcomingWindows(partner?: string): Promise<MaintenanceWindow[]> {
    const rows = await this.db.query<WindowRow>(
      `SELECT * FROM maintenance_window
       WHERE ends_at > now() AND ($1::text IS NULL OR partner = $1) ORDER BY starts_at, id`,
      [partner ?? null],
    );
    return rows.map(toWindow);
  }
}

function toState(row: StateRow): PartnerState {
  return {
    partner: row.partner,
    state: row.state ?? 'closed',
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    probeDue: row.state === 'open' && row.probe_due === true,
    probeBy: row.probe_by,
    forced: row.forced,
    forcedBy: row.forced_by,
    forcedReason: row.forced_reason,
    forcedAt: row.forced_at,
    maintenance:
      row.window_id && row.window_ends_at
        ? { id: row.window_id, endsAt: row.window_ends_at, reason: row.window_reason ?? '' }
        : null,
  };
}

function toWindow(row: WindowRow): MaintenanceWindow {
  return {
    id: row.id,
    partner: row.partner,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
    declaredBy: row.declared_by,
    declaredAt: row.declared_at,
    cancelledBy: row.cancelled_by,
    cancelledAt: row.cancelled_at,
  };
}
