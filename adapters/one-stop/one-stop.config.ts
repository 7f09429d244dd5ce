import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigSlice, emptyAsUndefined } from '@lgsp/config';
import type { PartnerTlsFiles } from '@lgsp/security';

/** Where the province's one-stop system is; the default is its simulator (`npm run simulators`). */
export class OneStopVariables {
  @Matches(/^https?:\/\/\S+$/, { message: 'ONE_STOP_URL must be an http(s) URL' })
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

  /**
   * The key the bus sends to the one-stop system in the `x-api-key` header (docs/partner-connections.md).
   * Required in production.
   */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  ONE_STOP_API_KEY?: string;
}

export interface OneStopSettings {
  url: string;
  timeoutMs: number;
  resetTimeoutMs: number;
  /** Sent in x-api-key on every delivery (the one-stop system's check of the bus). */
  apiKey?: string;
  connection: { tls: PartnerTlsFiles; maxReplyBytes: number; allowPlainHttp: boolean };
}

export const oneStopConfig: ConfigSlice<OneStopVariables, OneStopSettings> = {
  name: 'one-stop system',
  variables: OneStopVariables,
  // The province issues the bus its key (docs/partner-connections.md), so it can make it long.
  production: { required: ['ONE_STOP_URL'], secrets: ['ONE_STOP_API_KEY'], httpsUrls: ['ONE_STOP_URL'] },
  rules: (oneStop, bus) =>
    oneStop.ONE_STOP_TIMEOUT_MS > bus.KAFKA_HANDLER_TIMEOUT_MS
      ? ['ONE_STOP_TIMEOUT_MS must not exceed KAFKA_HANDLER_TIMEOUT_MS']
      : [],
  settings: (oneStop, { production }) => ({
    url: oneStop.ONE_STOP_URL.replace(/\/$/, ''),
    timeoutMs: oneStop.ONE_STOP_TIMEOUT_MS,
    resetTimeoutMs: oneStop.ONE_STOP_BREAKER_RESET_MS,
    apiKey: oneStop.ONE_STOP_API_KEY,
    connection: {
      tls: {
        caFile: oneStop.ONE_STOP_CA_FILE,
        certFile: oneStop.ONE_STOP_CERT_FILE,
        keyFile: oneStop.ONE_STOP_KEY_FILE,
      },
      maxReplyBytes: oneStop.ONE_STOP_MAX_REPLY_BYTES,
      allowPlainHttp: !production,
    },
  }),
};
