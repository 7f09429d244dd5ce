import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import type { AlertNotice } from './alert-notice';
import { type AlertSettings, alertsConfig } from './alerts.config';

/** A webhook that does not answer in this time is tried again later; an evaluation must not wait on it. */
const POST_TIMEOUT_MS = 5_000;

/** Notices kept while the webhook is down; beyond this the oldest are dropped (they were logged). */
const MAX_PENDING = 100;

/**
 * Sends alert notices: each is logged at once, then POSTed as JSON to ALERT_WEBHOOK_URL (no URL: logged only).
 * A POST that fails (no answer in time, or a status other than 2xx) keeps its notice, and every later one, for
 * the next attempt: at the next evaluation, or after ALERT_EVALUATION_INTERVAL_MS in a process that runs none.
 * Notices go out in the order they were raised, so a resolved notice never arrives before its firing one.
 * Nothing here throws into the caller: an alert must never fail the work that raised it.
 */
@Injectable()
export class AlertNotifier implements OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private readonly settings: AlertSettings;
  private readonly pending: AlertNotice[] = [];
  private delivering?: Promise<void>;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(config: BusConfig) {
    this.settings = config.slice(alertsConfig);
  }

  /** Logs the notice and posts it; resolves once this attempt is over, whatever its outcome. */
  notify(notice: AlertNotice): Promise<void> {
    if (notice.state === 'firing') this.logger.warn(notice, `ALERT ${notice.alert}: ${notice.summary}`);
    else this.logger.log(notice, `Resolved ${notice.alert}: ${notice.summary}`);
    if (!this.settings.webhookUrl || this.stopped) return Promise.resolve();
    this.pending.push(notice);
    const dropped = this.pending.splice(0, Math.max(0, this.pending.length - MAX_PENDING));
    if (dropped.length > 0) {
      this.logger.error({ dropped: dropped.length }, 'Alert notices dropped: the webhook has been failing');
    }
    return this.deliver();
  }

  /** Posts the notices still waiting; one delivery runs at a time, and a caller joins the running one. */
  deliver(): Promise<void> {
    this.delivering ??= this.postPending().finally(() => (this.delivering = undefined));
    return this.delivering;
  }

  /** Notices raised and not yet accepted by the webhook. */
  pendingCount(): number {
    return this.pending.length;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async postPending(): Promise<void> {
    const url = this.settings.webhookUrl;
    if (!url) return;
    while (this.pending.length > 0) {
      const failure = await post(url, this.pending[0]);
      if (failure !== undefined) {
        this.logger.warn(
          { webhook: redactedUrl(url), pending: this.pending.length, reason: failure },
          'Alert webhook POST failed; it is tried again at the next evaluation',
        );
        this.scheduleRetry();
        return;
      }
      this.pending.shift();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.deliver();
    }, this.settings.evaluationIntervalMs);
    // A pending notice must not keep a stopping process alive.
    this.retry.unref();
  }
}

/** Undefined when the webhook took the notice; otherwise why not, for the log. */
async function post(url: string, notice: AlertNotice): Promise<string | undefined> {
  try {
    const reply = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(notice),
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    // The body is not needed; reading it frees the connection.
    await reply.arrayBuffer();
    return reply.ok ? undefined : `the webhook answered ${reply.status}`;
  } catch (error: unknown) {
    // Kept as text only: a fetch error's cause may hold the socket, and the notice stays queued for a retry.
    return error instanceof Error ? error.message : String(error);
  }
}

/** A webhook URL may carry a token in its path or query (chat webhooks do): the log names its host only. */
function redactedUrl(url: string): string {
  // ALERT_WEBHOOK_URL was validated as a URL at boot.
  return new URL(url).origin;
}
