import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { PartnerState, PartnerStateRepository } from '@lgsp/persistence';
import { Admission, BreakerRegistry, BreakerState, PartnerGate } from '@lgsp/resilience';

/** How this replica is named in the shared state; by default the Kafka client id, host and process id. */
export const REPLICA_NAME = Symbol('lgsp.worker.replica-name');

/** How often each replica reads the shared state: a breaker opened anywhere parks every replica within this. */
export const PARTNER_STATE_POLL_MS = 250;

/**
 * Makes every worker replica agree on each partner (docs/operations.md, "Shared breakers"). The state lives in
 * PostgreSQL, which every replica already depends on and which outlives them: a replica whose own breaker opens
 * writes it there at once; every replica reads it four times a second and drives its own breaker to match, which
 * parks or resumes its consumers as a breaker of its own would. When the open time has passed, the one replica
 * that takes the probe (a conditional update) sends one call; its outcome closes the partner for all, or opens it
 * again. Operators' overrides and maintenance windows are read with it: forced open and a window in force park the
 * traffic without a call; forced closed sends it whatever the failures.
 */
@Injectable()
export class SharedBreakersCoordinator implements PartnerGate, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SharedBreakers');
  readonly replica: string;
  private readonly states = new Map<string, PartnerState>();
  /** Partners whose probe this replica is making: one call at a time. */
  private readonly probing = new Set<string>();
  /** Per partner, the first read that can see this replica's own report of an opening. */
  private readonly openedFrom = new Map<string, number>();
  /** Openings being written: until they are, a read saying closed is older than this replica's news. */
  private readonly reporting = new Set<string>();
  private reads = 0;
  private driving = false;
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;

  constructor(
    private readonly repository: PartnerStateRepository,
    private readonly breakers: BreakerRegistry,
    config: BusConfig,
    @Optional() @Inject(REPLICA_NAME) replica?: string,
  ) {
    this.replica = replica ?? `${config.kafka.clientId}@${hostname()}:${process.pid}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.breakers.onStateChange((partner, state) => this.followLocal(partner, state));
    this.breakers.useGate(this);
    // Before the first message: a restarted replica comes back to the partners' state, not to closed.
    await this.refresh();
    this.timer = setInterval(() => {
      this.reading ??= this.refresh()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'Could not read the partners’ shared state; keeping the last one'),
        )
        .finally(() => (this.reading = undefined));
    }, PARTNER_STATE_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
  }

  /** This replica's copy of a partner's shared state (for operators and tests). */
  stateOf(partner: string): PartnerState | undefined {
    return this.states.get(partner);
  }

  heldOnPurpose(partner: string): boolean {
    const state = this.states.get(partner);
    return state !== undefined && parkedBecause(state) !== undefined;
  }

  async admit(partner: string): Promise<Admission> {
    const state = this.states.get(partner);
    if (!state) return 'pass';
    const refusal = parkedBecause(state);
    if (refusal) throw this.park(partner, refusal);
    if (state.forced === 'closed' || state.state === 'closed') return 'pass';
    if (!state.probeDue || this.probing.has(partner)) {
      throw this.park(partner, 'its breaker is open on a replica of the cluster');
    }
    this.probing.add(partner);
    let won = false;
    try {
      won = await this.repository.claimProbe(partner, this.replica, this.probeLeaseMs(partner));
    } finally {
      if (!won) this.probing.delete(partner);
    }
    if (!won) {
      this.remember({ ...state, probeDue: false });
      throw this.park(partner, 'its breaker is open and another replica is probing it');
    }
    this.logger.log({ connector: partner }, 'This replica probes the partner for the cluster');
    return 'probe';
  }

  async probed(partner: string, succeeded: boolean): Promise<void> {
    this.probing.delete(partner);
    const state = this.states.get(partner);
    try {
      if (succeeded) await this.repository.probeSucceeded(partner, this.replica);
      else await this.repository.probeFailed(partner, this.replica, this.resetMs(partner));
    } catch (error: unknown) {
      // The probe's lease runs out and another replica probes again: the cluster recovers, one probe later.
      this.logger.error({ err: error, connector: partner }, 'Could not record the probe’s outcome');
      return;
    }
    if (state) this.remember({ ...state, state: succeeded ? 'closed' : 'open', probeDue: false });
    this.drive(partner, succeeded ? 'closed' : 'open');
  }

  private async refresh(): Promise<void> {
    const read = ++this.reads;
    const states = await this.repository.read(this.breakers.names());
    for (const state of states) {
      // A read that started before this replica's report of an opening was written may still say closed.
      const stale = this.reporting.has(state.partner) || read < (this.openedFrom.get(state.partner) ?? 0);
      if (state.state === 'closed' && state.forced !== 'closed' && stale) continue;
      this.remember(state);
      this.follow(state);
    }
  }

  private remember(state: PartnerState): void {
    this.states.set(state.partner, state);
  }

  /** Brings this replica's breaker in line with the shared state. */
  private follow(state: PartnerState): void {
    const local = this.breakers.state(state.partner);
    if (parkedBecause(state) !== undefined) {
      if (local !== 'open') this.drive(state.partner, 'open');
      return;
    }
    if (this.probing.has(state.partner)) return;
    if (state.forced === 'closed' || state.state === 'closed') {
      if (local !== 'closed') this.drive(state.partner, 'closed');
      return;
    }
    // Open for the cluster: parked until the probe is due. This replica's breaker goes half-open by its own timer
    // (started when it was driven open, with the same reset time), which lets a message through to take the probe;
    // it is never closed for that, so the breaker reads as away from closed for the whole outage (alerts).
    const mayProbe = state.probeDue && (state.probeBy === null || state.probeBy === this.replica);
    if (!mayProbe && local !== 'open') this.drive(state.partner, 'open');
  }

  /** This replica's own breaker moved: an opening is the cluster's news, unless an operator forced it closed. */
  private followLocal(partner: string, state: BreakerState): void {
    if (this.driving || state !== 'open') return;
    const shared = this.states.get(partner);
    if (shared?.forced === 'closed') {
      this.drive(partner, 'closed');
      return;
    }
    if (shared?.state === 'open') return;
    if (shared) this.remember({ ...shared, state: 'open', probeDue: false, openedBy: this.replica });
    this.reporting.add(partner);
    // Due a read early: this replica's own timer takes its breaker half-open a reset from now, and its first message
    // then finds the probe due instead of being parked for another reset.
    this.repository
      .reportOpened(partner, this.replica, Math.max(0, this.resetMs(partner) - PARTNER_STATE_POLL_MS))
      .then(() => this.openedFrom.set(partner, this.reads + 1))
      .catch((error: unknown) =>
        this.logger.error({ err: error, connector: partner }, 'Could not share a breaker’s opening'),
      )
      .finally(() => this.reporting.delete(partner));
  }

  /**
   * A refused call: this replica's breaker is opened too, so its consumers stop fetching until the next turn;
   * not while its probe is out, which the breaker would then refuse (the consumer parks on the refusal itself).
   */
  private park(partner: string, why: string): DomainError {
    if (!this.probing.has(partner) && this.breakers.state(partner) !== 'open') this.drive(partner, 'open');
    return parked(partner, why);
  }

  private drive(partner: string, target: 'open' | 'closed'): void {
    const breaker = this.breakers.get(partner);
    this.driving = true;
    try {
      if (target === 'open') breaker.open();
      else breaker.close();
    } finally {
      this.driving = false;
    }
  }

  private resetMs(partner: string): number {
    return this.breakers.policyOf(partner).resetTimeoutMs;
  }

  /** Long enough for one call and its timeout; a replica that died mid-probe loses it after this. */
  private probeLeaseMs(partner: string): number {
    return Math.max(2 * this.breakers.policyOf(partner).timeoutMs, 5_000);
  }
}

/** Why the partner's traffic is parked whatever its health, if it is. */
function parkedBecause(state: PartnerState): string | undefined {
  if (state.forced === 'open') {
    return `an operator (${state.forcedBy ?? 'unknown'}) forced its breaker open: ${state.forcedReason ?? ''}`;
  }
  if (state.maintenance) {
    return `it is in a maintenance window until ${state.maintenance.endsAt.toISOString()}: ${state.maintenance.reason}`;
  }
  return undefined;
}

const parked = (partner: string, why: string): DomainError =>
  new DomainError(DomainErrorCode.ConnectorOpen, `${partner} is parked: ${why}`, [], {
    retryAfterSeconds: 1,
  });
