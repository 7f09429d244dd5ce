import { Injectable } from '@nestjs/common';
import axios, { AxiosInstance, isAxiosError } from 'axios';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { partnerHttpDefaults } from '@lgsp/security';
import { oneStopConfig } from '../one-stop.config';

/** What the bus hands the one-stop system: the message in our canonical contract, with its identity. */
export interface OneStopDelivery {
  messageId: string;
  /** The dossier code (or order id) the delivery is about. */
  key: string;
  type: string;
  contractVersion: number;
  correlationId: string;
  payload: unknown;
}

/** The header carrying the bus's API key (ONE_STOP_API_KEY). */
export const ONE_STOP_API_KEY_HEADER = 'x-api-key';

/** Paths on the one-stop system, by what is delivered. */
export const ONE_STOP_PATHS = {
  filedDossier: 'api/v1/filed-dossiers',
  paymentResult: 'api/v1/payment-results',
  deliveryFailure: 'api/v1/delivery-failures',
} as const;

export type OneStopDeliveryKind = keyof typeof ONE_STOP_PATHS;

/**
 * The province's one-stop system, as the bus calls it. Each delivery carries its message id as the
 * Idempotency-Key, so a delivery repeated after a timeout is recognised there; a 409 answer means it already
 * has it, which counts as delivered.
 */
@Injectable()
export class OneStopClient {
  private readonly http: AxiosInstance;

  constructor(config: BusConfig) {
    const oneStop = config.slice(oneStopConfig);
    this.http = axios.create({
      ...partnerHttpDefaults({
        partner: 'the one-stop system',
        url: oneStop.url,
        timeoutMs: oneStop.timeoutMs,
        ...oneStop.connection,
      }),
      // The bus proves itself with a key the province issued it (docs/partner-connections.md).
      headers: oneStop.apiKey === undefined ? {} : { [ONE_STOP_API_KEY_HEADER]: oneStop.apiKey },
      validateStatus: (status) => (status >= 200 && status < 300) || status === 409,
    });
  }

  async deliver(kind: OneStopDeliveryKind, delivery: OneStopDelivery): Promise<void> {
    try {
      await this.http.post(ONE_STOP_PATHS[kind], delivery, {
        headers: { 'idempotency-key': delivery.messageId, 'x-correlation-id': delivery.correlationId },
      });
    } catch (error) {
      throw oneStopCallError(kind, error);
    }
  }
}

/** The axios error is not kept as the cause: its config holds the delivered body, personal data included. */
export function oneStopCallError(kind: OneStopDeliveryKind, error: unknown): DomainError {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  if (status === 401 || status === 403) {
    return new DomainError(
      DomainErrorCode.Unauthorized,
      `The one-stop system refused the bus's credentials for the ${kind} (HTTP ${status}): check ONE_STOP_API_KEY`,
    );
  }
  // A 2xx or 3xx here is an answer cut off after its status line (a reset mid-body): lost, not a refusal.
  if (isAxiosError(error) && status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return new DomainError(
      DomainErrorCode.RejectedByPartner,
      `The one-stop system refused the ${kind} with HTTP ${status}`,
    );
  }
  const why = isAxiosError(error)
    ? status
      ? `HTTP ${status}`
      : (error.code ?? error.message)
    : String(error);
  return new DomainError(
    DomainErrorCode.PartnerUnavailable,
    `The one-stop system is unavailable for the ${kind}: ${why}`,
  );
}
