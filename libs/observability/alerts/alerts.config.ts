import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { ConfigSlice, emptyAsUndefined } from '@lgsp/config';

/** Where alerts go and when conditions become alerts (docs/alerts.md). */
export class AlertVariables {
  /** Receives each alert as a JSON POST; unset, alerts are only logged. */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  ALERT_WEBHOOK_URL?: string = undefined;

  /** How often the worker evaluates the conditions; a failed webhook POST is also retried then. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  ALERT_EVALUATION_INTERVAL_MS = 10_000;

  /** A breaker away from closed this long is an incident (shorter outages heal themselves). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 3_600_000)
  ALERT_BREAKER_OPEN_AFTER_MS = 60_000;

  /** The oldest unsent outbox message older than this is an incident: the relay is not publishing. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(24 * 3_600_000)
  ALERT_OUTBOX_AGE_MS = 60_000;
}

export interface AlertSettings {
  webhookUrl?: string;
  evaluationIntervalMs: number;
  breakerOpenAfterMs: number;
  outboxAgeMs: number;
}

export const alertsConfig: ConfigSlice<AlertVariables, AlertSettings> = {
  name: 'alerts',
  variables: AlertVariables,
  production: { required: [] },
  settings: (variables) => ({
    webhookUrl: variables.ALERT_WEBHOOK_URL,
    evaluationIntervalMs: variables.ALERT_EVALUATION_INTERVAL_MS,
    breakerOpenAfterMs: variables.ALERT_BREAKER_OPEN_AFTER_MS,
    outboxAgeMs: variables.ALERT_OUTBOX_AGE_MS,
  }),
};
