import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '../database.service';

export interface DeliveryState {
  synchronised: boolean;
  lastStatus: number | null;
  lastOccurredAt: Date;
  deliveredCount: number;
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
}

interface DeliveryRow {
  synchronised: boolean;
  last_status: number | null;
  last_occurred_at: Date;
  delivered_count: number;
}

/** Per destination, what the bus delivered for each dossier; a connector checks order and staleness here. */
@Injectable()
export class DossierDeliveryRepository {
  constructor(private readonly db: DatabaseService) {}

  async lock(tx: Transaction, dossierCode: string, destination: string): Promise<DeliveryState | undefined> {
    const { rows } = await tx.query<DeliveryRow>(
      `SELECT synchronised, last_status, last_occurred_at, delivered_count FROM dossier_delivery
       WHERE dossier_code = $1 AND destination = $2 FOR UPDATE`,
      [dossierCode, destination],
    );
    const row = rows[0];
    return row
      ? {
          synchronised: row.synchronised,
          lastStatus: row.last_status,
          lastOccurredAt: row.last_occurred_at,
          deliveredCount: row.delivered_count,
        }
      : undefined;
  }

  async record(tx: Transaction, delivery: Delivery): Promise<void> {
    await tx.query(
      `INSERT INTO dossier_delivery (dossier_code, destination, synchronised, last_message_id, last_event_type,
         last_status, last_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (dossier_code, destination) DO UPDATE SET
         synchronised = dossier_delivery.synchronised OR EXCLUDED.synchronised,
         last_message_id = EXCLUDED.last_message_id, last_event_type = EXCLUDED.last_event_type,
         last_status = COALESCE(EXCLUDED.last_status, dossier_delivery.last_status),
         last_occurred_at = GREATEST(EXCLUDED.last_occurred_at, dossier_delivery.last_occurred_at),
         delivered_count = dossier_delivery.delivered_count + 1, delivered_at = now()`,
      [
        delivery.dossierCode,
        delivery.destination,
        delivery.synchronised,
        delivery.messageId,
        delivery.eventType,
        delivery.status ?? null,
        delivery.occurredAt,
      ],
    );
  }

  /** How many dossiers a destination has, by last status: for the demo's summary and operators. */
  async countsByStatus(destination: string): Promise<Record<string, number>> {
    const rows = await this.db.query<{ status: number | null; count: string }>(
      `SELECT last_status AS status, count(*) AS count FROM dossier_delivery WHERE destination = $1 GROUP BY 1`,
      [destination],
    );
    return Object.fromEntries(rows.map((row) => [String(row.status), Number(row.count)]));
  }
}
