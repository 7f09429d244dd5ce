import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { MaintenanceWindow, PartnerState, PartnerStateRepository } from '@lgsp/persistence';
import { BusClock } from '../intake-policy/bus-clock';
import { OperatorActions } from '../operators/operator-actions';
import { Operator, actorOf } from '../operators/operator-identity';
import {
  MAX_WINDOW_LEAD_MS,
  MAX_WINDOW_MS,
  MaintenanceWindowRequest,
  OverrideRequest,
} from './partner-controls.request';

export const OVERRIDE_ACTION = 'partner-override';
export const WINDOW_DECLARED_ACTION = 'maintenance-window-declared';
export const WINDOW_CANCELLED_ACTION = 'maintenance-window-cancelled';

/** A partner as every worker replica sees it, with the maintenance windows still to come or in force. */
export interface PartnerControlView extends PartnerState {
  windows: MaintenanceWindow[];
}

/**
 * Operators' say over a partner shared by every worker replica: force its breaker open or closed, declare or
 * cancel a maintenance window. Fail-closed: each change and its record in the operator-action chain of the audit
 * record commit together or not at all. The replicas pick a change up within a quarter of a second.
 */
@Injectable()
export class PartnerControls {
  constructor(
    private readonly partners: PartnerStateRepository,
    private readonly actions: OperatorActions,
    private readonly clock: BusClock,
  ) {}

  async view(partner: string): Promise<PartnerControlView> {
    const [state] = await this.partners.read([partner]);
    return { ...state, windows: await this.partners.upcomingWindows(partner) };
  }

  async override(
    partner: string,
    request: OverrideRequest,
    operator: Operator,
  ): Promise<PartnerControlView & { audit: string }> {
    const forced = request.state === 'none' ? null : request.state;
    const { audit } = await this.actions.audited(operator, OVERRIDE_ACTION, partner, async (tx) => ({
      result: await this.partners.force(tx, partner, forced, actorOf(operator), request.reason),
      details: { state: request.state, reason: request.reason },
    }));
    return { ...(await this.view(partner)), audit };
  }

  async declareWindow(
    partner: string,
    request: MaintenanceWindowRequest,
    operator: Operator,
  ): Promise<MaintenanceWindow & { audit: string }> {
    const startsAt = new Date(request.startsAt);
    const endsAt = new Date(request.endsAt);
    checkWindow(startsAt, endsAt, this.clock.now());
    const { result, audit } = await this.actions.audited(
      operator,
      WINDOW_DECLARED_ACTION,
      partner,
      async (tx) => ({
        result: await this.partners.declareWindow(tx, {
          partner,
          startsAt,
          endsAt,
          reason: request.reason,
          declaredBy: actorOf(operator),
        }),
        details: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: request.reason },
      }),
    );
    return { ...result, audit };
  }

  async cancelWindow(
    partner: string,
    id: string,
    operator: Operator,
  ): Promise<MaintenanceWindow & { audit: string }> {
    const { result, audit } = await this.actions.audited(
      operator,
      WINDOW_CANCELLED_ACTION,
      partner,
      async (tx) => {
        const cancelled = await this.partners.cancelWindow(tx, partner, id, actorOf(operator));
        if (!cancelled) {
          throw new DomainError(
            DomainErrorCode.NotFound,
            `${partner} has no maintenance window ${id} that is still to come or in force`,
          );
        }
        return { result: cancelled, details: { id } };
      },
    );
    return { ...result, audit };
  }
}

function checkWindow(startsAt: Date, endsAt: Date, now: Date): void {
  const problem = (field: string, message: string): DomainError =>
    new DomainError(
      DomainErrorCode.ValidationFailed,
      `The maintenance window is not valid: ${field} ${message}`,
      [{ field, message }],
    );
  if (endsAt <= startsAt) throw problem('endsAt', 'must be after startsAt');
  if (endsAt <= now) throw problem('endsAt', 'must be in the future');
  if (endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_MS)
    throw problem('endsAt', 'at most 7 days after startsAt');
  if (startsAt.getTime() - now.getTime() > MAX_WINDOW_LEAD_MS)
    throw problem('startsAt', 'at most a year ahead');
}
