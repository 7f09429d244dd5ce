import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSlice } from '@lgsp/config';

/**
 * Group commit at the gateway: single dossier calls that arrive together are judged and written in one
 * transaction. A lone call waits at most the window; under load the groups grow, up to the cap, while earlier
 * groups are still committing.
 */
export class IntakeGroupVariables {
  /** The longest a call waits for others to join its group before the group is committed. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(50)
  INTAKE_GROUP_WINDOW_MS = 1;

  /** The most calls in one group (one transaction). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  INTAKE_GROUP_MAX_SIZE = 200;

  /** Groups committing at once, each on its own database connection; further calls wait to form the next. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  INTAKE_GROUP_CONCURRENCY = 4;
}

export interface IntakeGroupSettings {
  windowMs: number;
  maxSize: number;
  concurrency: number;
}

export const intakeGroupConfig: ConfigSlice<IntakeGroupVariables, IntakeGroupSettings> = {
  name: 'intake group commit',
  variables: IntakeGroupVariables,
  production: { required: [] },
  rules: (variables, bus) =>
    variables.INTAKE_GROUP_CONCURRENCY < bus.DATABASE_POOL_SIZE
      ? []
      : [
          `INTAKE_GROUP_CONCURRENCY (${variables.INTAKE_GROUP_CONCURRENCY}) must be below DATABASE_POOL_SIZE ` +
            `(${bus.DATABASE_POOL_SIZE}): the gateway's other requests need connections too`,
        ],
  settings: (variables) => ({
    windowMs: variables.INTAKE_GROUP_WINDOW_MS,
    maxSize: variables.INTAKE_GROUP_MAX_SIZE,
    concurrency: variables.INTAKE_GROUP_CONCURRENCY,
  }),
};
