import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  CITIZEN_VERIFICATION_COMPLETED,
  CITIZEN_VERIFICATION_REQUESTED,
  DomainError,
  DomainErrorCode,
  readMessage,
} from '@lgsp/contracts';
import type {
  CitizenVerificationCompletedV2,
  DisclosedCitizenV2,
} from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';
import type { CitizenVerificationRequestedV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import { CITIZEN_FIELDS, type CitizenField } from '@lgsp/contracts/common/citizen-fields';
import { createEnvelope } from '@lgsp/messaging';
import { CorrelationContext } from '@lgsp/observability';
import { Principal, canReachAgency } from '@lgsp/security';
import { CitizenLookupAudit, LookupOutcome } from './citizen-lookup.audit';
import type { CitizenVerificationAnswer } from './citizen-verification.answer';
import type { CitizenVerificationRequest } from './citizen-verification.request';
import { PopulationRequestClient } from './population-request.client';

const GATEWAY_SOURCE = 'gateway';

/** How long to wait before asking again when the connector said `unavailable` without saying when. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;

type Exchange =
  | { outcome: 'answered'; reply: CitizenVerificationCompletedV2 }
  | { outcome: 'deadline-exceeded' | 'failed'; error: unknown };

/**
 * One look-up: sent to the population connector over Kafka, its outcome written to the audit record, then
 * answered. The record is written after the outcome is known and before anything is answered, so it holds the
 * verdict, and a look-up whose record cannot be written answers nothing (503): no verdict and no citizen field
 * leaves the bus unrecorded. Look-ups without a verdict (deadline, unavailable, a failure) are recorded too:
 * the connector may have asked NGSP all the same.
 */
@Injectable()
export class CitizenVerificationService {
  private readonly logger = new Logger('CitizenVerification');

  constructor(
    private readonly population: PopulationRequestClient,
    private readonly audit: CitizenLookupAudit,
  ) {}

  async verify(principal: Principal, body: CitizenVerificationRequest): Promise<CitizenVerificationAnswer> {
    if (!canReachAgency(principal, body.purpose.agencyCode)) {
      throw new DomainError(
        DomainErrorCode.Forbidden,
        `This client is not bound to agency ${body.purpose.agencyCode}`,
        [{ field: 'purpose.agencyCode', message: 'must be an agency this client is bound to' }],
      );
    }
    const requestId = randomUUID();
    const correlationId = CorrelationContext.current() ?? requestId;
    const disclose = CITIZEN_FIELDS.filter((field) => principal.citizenFields.includes(field));
    const exchange = await this.ask(requestId, correlationId, body, disclose);
    const outcome: LookupOutcome =
      exchange.outcome === 'answered' ? exchange.reply.verdict : exchange.outcome;
    const citizen = exchange.outcome === 'answered' ? disclosed(exchange.reply, disclose) : undefined;
    try {
      await this.audit.record({
        clientId: principal.clientId,
        personalId: body.personalId,
        purpose: body.purpose,
        outcome,
        requestId,
        correlationId,
        disclosed: Object.keys(citizen ?? {}),
      });
    } catch (error) {
      this.logger.error({ err: error, requestId }, 'A citizen look-up could not be audited: refused');
      throw new DomainError(
        DomainErrorCode.PartnerUnavailable,
        'The look-up could not be written to the audit record, so it is refused; try again later',
      );
    }
    this.logger.log({ requestId, verdict: outcome }, 'Citizen look-up answered');
    if (exchange.outcome !== 'answered') throw refusalOf(exchange);
    const { reply } = exchange;
    if (reply.verdict === 'unavailable') {
      throw new DomainError(
        DomainErrorCode.PartnerUnavailable,
        'The population database cannot be asked now (its circuit breaker is open)',
        [],
        { retryAfterSeconds: reply.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS },
      );
    }
    return {
      requestId,
      verdict: reply.verdict,
      differingFields: reply.verdict === 'no-match' ? reply.differingFields : [],
      ...(citizen ? { citizen } : {}),
    };
  }

  private async ask(
    requestId: string,
    correlationId: string,
    body: CitizenVerificationRequest,
    disclose: CitizenField[],
  ): Promise<Exchange> {
    const { serviceCode, dossierCode, agencyCode, officerCode } = body.purpose;
    const payload: CitizenVerificationRequestedV2 = {
      requestId,
      personalId: body.personalId,
      fullName: body.fullName,
      birthDate: body.birthDate,
      purpose: { serviceCode, dossierCode, agencyCode, officerCode },
      disclose,
      occurredAt: new Date().toISOString(),
    };
    const envelope = createEnvelope({
      type: CITIZEN_VERIFICATION_REQUESTED,
      contractVersion: 2,
      key: requestId,
      correlationId,
      source: GATEWAY_SOURCE,
      payload,
    });
    try {
      const answer = await this.population.verify(envelope);
      const reply = readMessage<CitizenVerificationCompletedV2>(
        CITIZEN_VERIFICATION_COMPLETED,
        2,
        answer,
      ).payload;
      if (reply.requestId !== requestId) throw new Error('The reply names another request');
      return { outcome: 'answered', reply };
    } catch (error) {
      const late = error instanceof DomainError && error.code === DomainErrorCode.DeadlineExceeded;
      // The connector's message may quote the partner: only its code is logged.
      this.logger.warn(
        { requestId, code: error instanceof DomainError ? error.code : 'unexpected' },
        'The population connector gave no verdict',
      );
      return { outcome: late ? 'deadline-exceeded' : 'failed', error };
    }
  }
}

/** The fields the request asked for (the client may see), and only with a match; whatever else came is dropped. */
function disclosed(
  reply: CitizenVerificationCompletedV2,
  disclose: readonly CitizenField[],
): DisclosedCitizenV2 | undefined {
  const citizen = reply.citizen;
  if (reply.verdict !== 'match' || !citizen) return undefined;
  const kept: DisclosedCitizenV2 = Object.fromEntries(
    disclose.filter((field) => citizen[field] !== undefined).map((field) => [field, citizen[field]]),
  );
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** No verdict: a 504 when the deadline passed, otherwise a 503 that says nothing of the connector's words. */
function refusalOf(exchange: Exclude<Exchange, { outcome: 'answered' }>): DomainError {
  if (exchange.outcome === 'deadline-exceeded') {
    return new DomainError(
      DomainErrorCode.DeadlineExceeded,
      'The population database did not answer in time; try again',
    );
  }
  return new DomainError(
    DomainErrorCode.PartnerUnavailable,
    'The population database could not answer this look-up; try again later',
  );
}
