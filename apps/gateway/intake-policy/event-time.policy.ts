import { Injectable } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode, FieldProblem } from '@lgsp/contracts';
import type { IntakeCommand } from '../dossiers/dossier-intake.service';
import { BusClock } from './bus-clock';

/**
 * Intake policy, not contract: an event time (when something happened) may not be ahead of the bus's clock by
 * more than the configured skew. A dossier's ledger keeps the time of the last event applied and treats anything
 * older as stale, so one event from a clock a year fast would silence every later, correct event of its dossier.
 * Promised times (appointmentAt, step.dueAt) lie in the future by nature and are not checked.
 * See docs/intake-policy.md.
 */
@Injectable()
export class EventTimePolicy {
  private readonly maxSkewMs: number;

  constructor(
    private readonly clock: BusClock,
    config: BusConfig,
  ) {
    this.maxSkewMs = config.intake.maxClockSkewMs;
  }

  /** Throws a 400 naming every event time too far ahead; `where` prefixes the field paths (a batch item). */
  check(command: IntakeCommand, where?: string): void {
    const now = this.clock.now();
    const latest = now.getTime() + this.maxSkewMs;
    const ahead: FieldProblem[] = [];
    for (const [field, value] of eventTimes(command)) {
      if (value === undefined || Date.parse(value) <= latest) continue;
      ahead.push({
        field: where ? `${where}.${field}` : field,
        message: `must not be more than ${this.maxSkewMs / 1000} s ahead of the bus time (${now.toISOString()})`,
      });
    }
    if (ahead.length === 0) return;
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `${ahead.map((problem) => problem.field).join(', ')} ${ahead.length === 1 ? 'is' : 'are'} ahead of ` +
        `bus time ${now.toISOString()} by more than the allowed ${this.maxSkewMs / 1000} s: check the ` +
        "sending system's clock",
      ahead,
    );
  }
}

/** The times at which something happened, by field path; each was already checked to be a valid date-time. */
function eventTimes(command: IntakeCommand): [string, string | undefined][] {
  switch (command.kind) {
    case 'dossier':
      return [
        ['occurredAt', command.body.occurredAt],
        ['receivedAt', command.body.receivedAt],
      ];
    case 'status-change':
      return [
        ['occurredAt', command.body.occurredAt],
        ['step.startedAt', command.body.step.startedAt],
      ];
  }
}
