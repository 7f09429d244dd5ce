import { randomUUID } from 'node:crypto';

/**
 * What every message on the bus carries beside its payload (docs/domain.md, Identifiers). `key` is the dossier code where
 * there is one; it is the Kafka key, so one dossier's events stay in one partition, in order.
 */
export interface Envelope<TPayload = unknown> {
  id: string;
  type: string;
  contractVersion: number;
  key: string;
  correlationId: string;
  causationId?: string;
  occurredAt: string;
  source: string;
  /**
   * Only on an event judged stale where it entered the bus: the time of the later event already applied to its
   * dossier. A reader leaves the dossier's status alone and delivers only what the event adds (its step).
   */
  supersededAt?: string;
  payload: TPayload;
}

export interface NewEnvelope<TPayload> {
  type: string;
  contractVersion: number;
  key: string;
  payload: TPayload;
  source: string;
  correlationId?: string;
  /** The envelope this one was caused by: its id becomes the causation id and its correlation id is kept. */
  causedBy?: Pick<Envelope, 'id' | 'correlationId'>;
  occurredAt?: Date;
}

export function createEnvelope<TPayload>(init: NewEnvelope<TPayload>): Envelope<TPayload> {
  const id = randomUUID();
  return {
    id,
    type: init.type,
    contractVersion: init.contractVersion,
    key: init.key,
    correlationId: init.causedBy?.correlationId ?? init.correlationId ?? id,
    causationId: init.causedBy?.id,
    occurredAt: (init.occurredAt ?? new Date()).toISOString(),
    source: init.source,
    payload: init.payload,
  };
}
