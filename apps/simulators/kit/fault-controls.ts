import { Clock } from './clock';
import { FaultSettings, parseFaultSettings } from './fault-settings';

/** What the fault middleware does with one request. */
export type FaultDecision =
  | { kind: 'unavailable' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'proceed'; delayMs: number; slow: boolean; fail: boolean; malformed: boolean };

type RefusalListener = (refusing: boolean) => void | Promise<void>;

/** z-score of the 99th percentile of a standard normal distribution. */
const Z_99 = 2.3263478740408408;

/**
 * The fault state of one simulator. Admin requests, start-up environment and in-process tests all change it
 * here; the middleware asks it what to do with each request; the server listens for "refuse" outages to close
 * and reopen its real listener.
 */
export class FaultControls {
  private settings: FaultSettings = {};
  private windowStartedAt = -1;
  private windowCount = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private outageTimer: NodeJS.Timeout | undefined;
  private readonly refusalListeners: RefusalListener[] = [];
  private refusing = false;

  constructor(
    private readonly clock: Clock,
    initial: FaultSettings = {},
    private readonly random: () => number = Math.random,
  ) {
    // No listener exists yet, so applying the start-up faults finishes synchronously.
    void this.apply(initial, []);
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  /** Merges into the current faults; throws on invalid input (the admin API answers 400 instead). */
  async set(input: unknown): Promise<FaultSettings> {
    const result = parseFaultSettings(input);
    if (!result.ok) throw new InvalidFaultSettingsError(result.problems);
    await this.apply(result.settings, result.removed ?? []);
    return this.current();
  }

  async clear(): Promise<void> {
    await this.apply({}, Object.keys(this.settings));
  }

  isRefusing(): boolean {
    return this.refusing;
  }

  onRefusalChange(listener: RefusalListener): void {
    this.refusalListeners.push(listener);
  }

  decide(): FaultDecision {
    const s = this.settings;
    if (s.outage === 'http503') return { kind: 'unavailable' };
    if (s.rateLimitPerSecond !== undefined && !this.takeRateToken(s.rateLimitPerSecond)) {
      return { kind: 'rate-limited', retryAfterSeconds: 1 };
    }
    let delayMs = s.latencyMs ?? 0;
    if (s.latency) delayMs += this.sampleLatency(s.latency.p50, s.latency.p99);
    const slow = s.slowMs !== undefined && s.slowMs > 0;
    if (slow) delayMs += s.slowMs ?? 0;
    return {
      kind: 'proceed',
      delayMs: Math.round(delayMs),
      slow,
      fail: this.chance(s.errorRate),
      malformed: this.chance(s.malformedRate),
    };
  }

  errorReplyMode(): 'http500' | 'protocol' {
    return this.settings.errorReply ?? 'http500';
  }

  /** A real delay that close() can cancel, so a stopped simulator leaves no timer behind. */
  delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.timers.add(timer);
    });
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.outageTimer) clearTimeout(this.outageTimer);
    this.outageTimer = undefined;
  }

  private async apply(added: FaultSettings, removed: string[]): Promise<void> {
    const next: FaultSettings = { ...this.settings, ...added };
    for (const key of removed) delete next[key as keyof FaultSettings];
    if (!next.outage) delete next.outageMs;
    this.settings = next;
    this.windowStartedAt = -1;
    if (this.outageTimer) clearTimeout(this.outageTimer);
    this.outageTimer = undefined;
    if (next.outage && next.outageMs !== undefined) {
      this.outageTimer = setTimeout(() => {
        this.outageTimer = undefined;
        void this.apply({}, ['outage', 'outageMs']);
      }, next.outageMs);
      this.outageTimer.unref();
    }
    const refusing = next.outage === 'refuse';
    if (refusing !== this.refusing) {
      this.refusing = refusing;
      for (const listener of this.refusalListeners) await listener(refusing);
    }
  }

  private takeRateToken(perSecond: number): boolean {
    const window = Math.floor(this.clock.nowMs() / 1000);
    if (window !== this.windowStartedAt) {
      this.windowStartedAt = window;
      this.windowCount = 0;
    }
    if (this.windowCount >= perSecond) return false;
    this.windowCount += 1;
    return true;
  }

  private chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }

  // Service latencies are right-skewed; a log-normal through the two percentiles is the usual fit.
  private sampleLatency(p50: number, p99: number): number {
    if (p50 <= 0) return 0;
    const sigma = p99 > p50 ? Math.log(p99 / p50) / Z_99 : 0;
    const u1 = Math.max(this.random(), Number.EPSILON);
    const u2 = this.random();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return p50 * Math.exp(sigma * z);
  }
}

export class InvalidFaultSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid faults: ${problems.join('; ')}`);
  }
}
