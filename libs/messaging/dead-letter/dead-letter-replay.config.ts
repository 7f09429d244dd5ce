import { Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';
import { ConfigSlice } from '@lgsp/config';

/**
 * How fast a bulk replay of dead letters may go beside the live traffic toward the same partner: read by the
 * gateway, which paces the copies it sends, and by the connectors, whose calls for replayed messages wait for
 * their share of the partner's rate.
 */
export class DeadLetterReplayVariables {
  /** The share of the partner's rate limit a bulk replay may use; live traffic keeps the rest. */
  @Type(() => Number)
  @IsNumber()
  @Min(0.01)
  @Max(1)
  DEAD_LETTER_REPLAY_SHARE = 0.2;

  /** Letters per second for a partner without a rate limit (the one-stop system, a portal with no limit set). */
  @Type(() => Number)
  @IsNumber()
  @Min(0.1)
  @Max(1_000)
  DEAD_LETTER_REPLAY_RATE_PER_SECOND = 5;
}

export interface DeadLetterReplaySettings {
  share: number;
  unlimitedPartnerRate: number;
}

export const deadLetterReplayConfig: ConfigSlice<DeadLetterReplayVariables, DeadLetterReplaySettings> = {
  name: 'replay of dead letters',
  variables: DeadLetterReplayVariables,
  production: { required: [] },
  settings: (variables) => ({
    share: variables.DEAD_LETTER_REPLAY_SHARE,
    unlimitedPartnerRate: variables.DEAD_LETTER_REPLAY_RATE_PER_SECOND,
  }),
};
