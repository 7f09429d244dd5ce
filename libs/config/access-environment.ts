import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { RetentionEnvironmentVariables } from './retention-environment';

/**
 * Published on purpose so that a laptop runs without setting it; production refuses it (and any secret
 * shorter than MIN_SECRET_LENGTH), naming the variable.
 */
export const DEVELOPMENT_KEY_ENCRYPTION_SECRET = 'lgsp-development-key-encryption-secret-not-for-production';

/** The shortest secret production accepts: 32 characters, about 190 bits when drawn from base64. */
export const MIN_SECRET_LENGTH = 32;

/** Who may call the bus (OAuth2 client credentials, signed tokens) and how much. */
export class AccessEnvironmentVariables extends RetentionEnvironmentVariables {
  /** The `iss` of every token the bus issues and the only issuer it accepts. */
  @IsString()
  @MinLength(1)
  AUTH_ISSUER = 'urn:lgsp:bus';

  /** The `aud` of every token: the bus's APIs. */
  @IsString()
  @MinLength(1)
  AUTH_AUDIENCE = 'urn:lgsp:api';

  /** Lifetime of an access token; short, so a disabled client or a retired key stops working soon. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3_600)
  AUTH_TOKEN_TTL_SECONDS = 300;

  /**
   * Encrypts the token-signing private keys where they are stored (PostgreSQL): a database dump alone cannot
   * forge tokens. Required in production, at least 32 characters.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsString()
  AUTH_KEY_ENCRYPTION_SECRET?: string;

  /** Requests a client may make per minute unless its record says otherwise (`npm run clients`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1_200;

  /**
   * The longest a REST request may take, from its first byte to its answer: a slow sender is cut off (408) and a
   * handler that overruns is answered 503 rather than holding a connection.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  HTTP_REQUEST_TIMEOUT_MS = 60_000;

  /**
   * Requests the gateway handles at once; above it a request is answered 503 busy with Retry-After at once
   * rather than queueing for a database connection until its deadline. Health probes are not counted.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  HTTP_MAX_IN_FLIGHT = 512;
}
