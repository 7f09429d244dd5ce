import { Injectable } from '@nestjs/common';
import { AuditJson, AuditLog } from '@lgsp/audit';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import {
  DatabaseService,
  MaintenanceWindow,
  PartnerState,
  PartnerStateRepository,
  Transaction,
} from '@lgsp/persistence';
import { BusClock } from '../intake-policy/bus-clock';
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
    private readonly db: DatabaseService,
    private readonly partners: PartnerStateRepository,
    private readonly audit: AuditLog,
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
    const { audit } = await this.audited(
      operator,
      OVERRIDE_ACTION,
      partner,
      { state: request.state, reason: request.reason },
      (tx) => this.partners.force(tx, partner, forced, actorOf(operator), request.reason),
    );
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
    const { result, audit } = await this.audited(
      operator,
      WINDOW_DECLARED_ACTION,
      partner,
      { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: request.reason },
      (tx) =>
        this.partners.declareWindow(tx, {
          partner,
          startsAt,
          endsAt,
          reason: request.reason,
          declaredBy: actorOf(operator),
        }),
    );
    return { ...result, audit };
  }

  async cancelWindow(
    partner: string,
    id: string,
    operator: Operator,
  ): Promise<MaintenanceWindow & { audit: string }> {
    const { result, audit } = await this.audited(
      operator,
      WINDOW_CANCELLED_ACTION,
      partner,
      { id },
      async (tx) => {
        const cancelled = await this.partners.cancelWindow(tx, partner, id, actorOf(operator));
        if (!cancelled) {
          throw new DomainError(
            DomainErrorCode.NotFound,
            `${partner} has no maintenance window ${id} that is still to come or in force`,
          );
        }
        return cancelled;
      },
    );
    return { ...result, audit };
  }

  private async audited<T>(
    operator: Operator,
    action: string,
    partner: string,
    details: { [key: string]: AuditJson },
    change: (tx: Transaction) => Promise<T>,
  ): Promise<{ result: T; audit: string }> {
    return this.db.transaction(async (tx) => {
      const result = await change(tx);
      const record = await this.audit.appendIn(tx, {
        stream: 'operator-action',
        actor: actorOf(operator),
        action,
        subject: partner,
        details: { client: operator.client, operator: operator.person, ...details },
      });
      return { result, audit: `${record.stream}:${record.sequence}` };
    });
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
