import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SecurityEnvironmentVariables, emptyAsUndefined } from './security-environment';

const URL_SHAPE = /^https?:\/\/\S+$/;

/**
 * Where the external systems are and how hard the bus may push them. Defaults point at the simulators
 * (`npm run simulators`), so a laptop runs the whole bus without any real system.
 */
export class ConnectorEnvironmentVariables extends SecurityEnvironmentVariables {
  /** Which connectors this worker runs; each can be scaled on its own by running workers with different lists. */
  @Matches(/^[a-z-]+(,[a-z-]+)*$/, {
    message: 'CONNECTORS must be a comma-separated list of connector names',
  })
  CONNECTORS = 'dossier-trace,national-portal,portal-inbound,one-stop';

  @Matches(URL_SHAPE, { message: 'NATIONAL_PORTAL_URL must be an http(s) URL' })
  NATIONAL_PORTAL_URL = 'http://127.0.0.1:4101';

  @Matches(/^[A-Za-z0-9.-]{1,20}$/, {
    message: 'NATIONAL_PORTAL_DSTCODE must be the province code (letters, digits)',
  })
  NATIONAL_PORTAL_DSTCODE = 'H56';

  /** `madonvi`: the province's unit code on the portal. */
  @IsString()
  NATIONAL_PORTAL_AGENCY_CODE = 'H56';

  @IsString()
  NATIONAL_PORTAL_USERNAME = 'lgsp';

  @IsString()
  NATIONAL_PORTAL_PASSWORD = 'lgsp-secret';

  @Matches(/^[A-Za-z0-9/_.-]+$/, { message: 'NATIONAL_PORTAL_AUTH_PATH must be a URL path' })
  NATIONAL_PORTAL_AUTH_PATH = 'dvcqg/login';

  @Matches(/^[A-Za-z0-9/_.-]+$/, { message: 'NATIONAL_PORTAL_INTEGRATION_PATH must be a URL path' })
  NATIONAL_PORTAL_INTEGRATION_PATH = 'dvcqg/integration';

  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  NATIONAL_PORTAL_TIMEOUT_MS = 3000;

  /** Calls per second the portal allows us; 0 for no limit. A backlog drains at this rate after an outage. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  NATIONAL_PORTAL_RATE_PER_SECOND = 0;

  /** How long an open breaker waits before letting one probe through. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  NATIONAL_PORTAL_BREAKER_RESET_MS = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(50)
  NATIONAL_PORTAL_FEED_POLL_MS = 1000;

  /** PEM files: the CA the portal's certificate chains to; a client certificate and key for mutual TLS. */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  NATIONAL_PORTAL_CA_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  NATIONAL_PORTAL_CERT_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  NATIONAL_PORTAL_KEY_FILE?: string;

  /** Largest reply read from the portal (its procedure catalogue is the largest); a larger one is abandoned. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  NATIONAL_PORTAL_MAX_REPLY_BYTES = 8_388_608;

  @Matches(URL_SHAPE, { message: 'ONE_STOP_URL must be an http(s) URL' })
  ONE_STOP_URL = 'http://127.0.0.1:4104';

  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  ONE_STOP_TIMEOUT_MS = 3000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  ONE_STOP_BREAKER_RESET_MS = 5000;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  ONE_STOP_CA_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  ONE_STOP_CERT_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  ONE_STOP_KEY_FILE?: string;

  /** The one-stop system answers a delivery with a short acknowledgement. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  ONE_STOP_MAX_REPLY_BYTES = 1_048_576;
}
