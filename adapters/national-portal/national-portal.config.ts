import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigSlice, emptyAsUndefined } from '@lgsp/config';
import type { PartnerTlsFiles } from '@lgsp/security';

const URL_SHAPE = /^https?:\/\/\S+$/;

/**
 * Where the national portal is and how hard the bus may push it. Defaults point at the portal simulator
 * (`npm run simulators`), so a laptop runs the whole bus without the real portal.
 */
export class NationalPortalVariables {
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
}

export interface NationalPortalSettings {
  url: string;
  dstcode: string;
  agencyCode: string;
  username: string;
  password: string;
  authPath: string;
  integrationPath: string;
  timeoutMs: number;
  resetTimeoutMs: number;
  ratePerSecond: number;
  feedPollMs: number;
  connection: {
    tls: PartnerTlsFiles;
    maxReplyBytes: number;
    /** Plain http is for the simulators: development and test only. */
    allowPlainHttp: boolean;
  };
}

/** The portal's configuration, shared by its two connectors (national-portal, portal-inbound). */
export const nationalPortalConfig: ConfigSlice<NationalPortalVariables, NationalPortalSettings> = {
  name: 'national portal',
  variables: NationalPortalVariables,
  production: {
    required: [
      'NATIONAL_PORTAL_URL',
      'NATIONAL_PORTAL_DSTCODE',
      'NATIONAL_PORTAL_AGENCY_CODE',
      'NATIONAL_PORTAL_USERNAME',
      'NATIONAL_PORTAL_PASSWORD',
    ],
    httpsUrls: ['NATIONAL_PORTAL_URL'],
    // Not in `secrets`: the portal issues the password, so the province cannot make it MIN_SECRET_LENGTH long.
    publishedSecrets: { NATIONAL_PORTAL_PASSWORD: 'lgsp-secret' },
  },
  // A portal call can take a login and two attempts (the second after a re-login), all within one handler.
  rules: (portal, bus) =>
    portal.NATIONAL_PORTAL_TIMEOUT_MS * 3 > bus.KAFKA_HANDLER_TIMEOUT_MS
      ? ['NATIONAL_PORTAL_TIMEOUT_MS must be at most a third of KAFKA_HANDLER_TIMEOUT_MS']
      : [],
  settings: (portal, { production }) => ({
    url: portal.NATIONAL_PORTAL_URL.replace(/\/$/, ''),
    dstcode: portal.NATIONAL_PORTAL_DSTCODE,
    agencyCode: portal.NATIONAL_PORTAL_AGENCY_CODE,
    username: portal.NATIONAL_PORTAL_USERNAME,
    password: portal.NATIONAL_PORTAL_PASSWORD,
    authPath: portal.NATIONAL_PORTAL_AUTH_PATH,
    integrationPath: portal.NATIONAL_PORTAL_INTEGRATION_PATH,
    timeoutMs: portal.NATIONAL_PORTAL_TIMEOUT_MS,
    resetTimeoutMs: portal.NATIONAL_PORTAL_BREAKER_RESET_MS,
    ratePerSecond: portal.NATIONAL_PORTAL_RATE_PER_SECOND,
    feedPollMs: portal.NATIONAL_PORTAL_FEED_POLL_MS,
    connection: {
      tls: {
        caFile: portal.NATIONAL_PORTAL_CA_FILE,
        certFile: portal.NATIONAL_PORTAL_CERT_FILE,
        keyFile: portal.NATIONAL_PORTAL_KEY_FILE,
      },
      maxReplyBytes: portal.NATIONAL_PORTAL_MAX_REPLY_BYTES,
      allowPlainHttp: !production,
    },
  }),
};
