import { Injectable, OnModuleInit } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { CITIZEN_VERIFICATION_REQUESTED, DomainError, DomainErrorCode, readMessage } from '@lgsp/contracts';
import type { CitizenVerificationCompletedV2 } from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';
import type { CitizenVerificationRequestedV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import { InboundMessage } from '@lgsp/messaging';
import { BreakerRegistry, ConnectorGuards } from '@lgsp/resilience';
import { citizenQuery, verifyCitizen } from './citizen-verification';
import { PopulationSoapClient } from './client/population-soap.client';
import { populationDatabaseConfig } from './population-database.config';
import { POPULATION_DATABASE } from './population-database.policy';

const MAX_RETRY_AFTER_SECONDS = 3_600;

/**
 * Answers a citizen verification request: the verdict from the population database, with only the citizen
 * fields the request may disclose. While NGSP's breaker is open it answers `unavailable` at once, with when to
 * ask again: someone is waiting, so nothing is parked or retried here. Nothing of the citizen is kept.
 */
@Injectable()
export class PopulationVerificationService implements OnModuleInit {
  private readonly integrationCode: string;
  private readonly resetTimeoutMs: number;
  private openedAtMs?: number;

  constructor(
    private readonly soap: PopulationSoapClient,
    private readonly guards: ConnectorGuards,
    private readonly breakers: BreakerRegistry,
    config: BusConfig,
  ) {
    const population = config.slice(populationDatabaseConfig);
    this.integrationCode = population.integrationCode;
    this.resetTimeoutMs = population.resetTimeoutMs;
  }

  onModuleInit(): void {
    this.breakers.onStateChange((name, state) => {
      if (name === POPULATION_DATABASE && state === 'open') this.openedAtMs = Date.now();
    });
  }

  async verify(message: InboundMessage): Promise<CitizenVerificationCompletedV2> {
    const { envelope, signal } = message;
    if (envelope.type !== CITIZEN_VERIFICATION_REQUESTED) {
      throw new DomainError(
        DomainErrorCode.UnknownContract,
        `The population database answers ${CITIZEN_VERIFICATION_REQUESTED}, not ${envelope.type}`,
      );
    }
    const request = readMessage<CitizenVerificationRequestedV2>(
      envelope.type,
      envelope.contractVersion,
      envelope.payload,
    ).payload;
    const guard = this.guards.get(POPULATION_DATABASE);
    try {
      const outcome = await verifyCitizen(request, (operation, birth) => {
        // The caller stopped waiting: no further call to NGSP on its behalf.
        if (signal.aborted) throw deadlinePassed();
        return guard.run((breakerSignal) =>
          this.soap.call(
            operation,
            citizenQuery(request, this.integrationCode, birth),
            AbortSignal.any([breakerSignal, signal]),
          ),
        );
      });
      return { requestId: request.requestId, ...outcome, occurredAt: new Date().toISOString() };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === DomainErrorCode.ConnectorOpen)) throw error;
      return {
        requestId: request.requestId,
        verdict: 'unavailable',
        differingFields: [],
        retryAfterSeconds: this.retryAfterSeconds(),
        occurredAt: new Date().toISOString(),
      };
    }
  }

  /** Until the open breaker lets a probe through (at least 1 s: the probe itself may fail). */
  private retryAfterSeconds(): number {
    const elapsed = this.openedAtMs === undefined ? 0 : Date.now() - this.openedAtMs;
    const remainingMs = Math.max(this.resetTimeoutMs - elapsed, 1_000);
    return Math.min(Math.ceil(remainingMs / 1_000), MAX_RETRY_AFTER_SECONDS);
  }
}

function deadlinePassed(): DomainError {
  return new DomainError(DomainErrorCode.DeadlineExceeded, 'The caller stopped waiting for the verification');
}
