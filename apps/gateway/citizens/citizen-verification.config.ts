import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { ConfigSlice } from '@lgsp/config';

/**
 * Published on purpose so that a laptop and the tests run without setting it; production refuses it (and any key
 * shorter than 32 characters), naming the variable.
 */
export const DEVELOPMENT_CITIZEN_ID_HASH_KEY = 'lgsp-development-citizen-id-hash-key-not-for-production';

/**
 * The gateway's citizen verification: how long a look-up waits for the population database, and the key of the
 * keyed hash that stands for a personal ID in the audit record. A slice of its own (not the bus's variables): only
 * the process serving `/v1/citizens` needs the key, so the worker never holds it.
 */
export class CitizenVerificationVariables {
  /**
   * How long a look-up waits for the population connector's answer before answering 504. The connector's own
   * NGSP calls are bounded by POPULATION_DATABASE_TIMEOUT_MS; this covers the trip over Kafka as well.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  CITIZEN_VERIFICATION_DEADLINE_MS = 5_000;

  /**
   * HMAC-SHA256 key: the audit record holds HMAC(key, personal ID), so a look-up can be found by the person's ID
   * (data-subject requests) but the record alone does not reveal it, and no table of all 12-digit IDs can be
   * precomputed without the key. Changing it makes earlier look-ups unfindable by ID: keep it for as long as the
   * audit record is kept.
   */
  @IsString()
  @MinLength(1)
  CITIZEN_ID_HASH_KEY = DEVELOPMENT_CITIZEN_ID_HASH_KEY;
}

export interface CitizenVerificationSettings {
  deadlineMs: number;
  idHashKey: string;
}

export const citizenVerificationConfig: ConfigSlice<
  CitizenVerificationVariables,
  CitizenVerificationSettings
> = {
  name: 'citizen verification (gateway)',
  variables: CitizenVerificationVariables,
  production: {
    required: [],
    secrets: ['CITIZEN_ID_HASH_KEY'],
    publishedSecrets: { CITIZEN_ID_HASH_KEY: DEVELOPMENT_CITIZEN_ID_HASH_KEY },
  },
  // A deadline the HTTP request timeout cuts short would answer 503 where 504 is meant.
  rules: (citizens, bus) =>
    citizens.CITIZEN_VERIFICATION_DEADLINE_MS >= bus.HTTP_REQUEST_TIMEOUT_MS
      ? ['CITIZEN_VERIFICATION_DEADLINE_MS must be shorter than HTTP_REQUEST_TIMEOUT_MS']
      : [],
  settings: (citizens) => ({
    deadlineMs: citizens.CITIZEN_VERIFICATION_DEADLINE_MS,
    idHashKey: citizens.CITIZEN_ID_HASH_KEY,
  }),
};
