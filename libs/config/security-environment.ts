import { Transform } from 'class-transformer';
import { IsIn, IsIP, IsOptional, IsString, Matches } from 'class-validator';
import { AccessEnvironmentVariables } from './access-environment';

export const emptyAsUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

/** One host name, or `*.` and a domain for all its subdomains. */
const HOST_PATTERN = '(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+';

/**
 * What a hostile or careless input, partner or deployment could otherwise do: which links the bus forwards,
 * what it exposes and how it proves itself to the brokers. Production has no defaults for these (see
 * production-rules.ts); development and test fall back to the simulators.
 */
export class SecurityEnvironmentVariables extends AccessEnvironmentVariables {
  /**
   * Hosts document links may point at (comma-separated; `*.example.gov.vn` for every subdomain). Links are
   * forwarded to partners under the province's login, so nothing else passes intake. Required in production;
   * elsewhere the hosts the simulators and examples use.
   */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @Matches(new RegExp(`^${HOST_PATTERN}(\\s*,\\s*${HOST_PATTERN})*$`, 'u'), {
    message: 'DOCUMENT_HOSTS must be a comma-separated list of host names or *.domain patterns',
  })
  DOCUMENT_HOSTS?: string;

  /** Swagger UI at /docs and the OpenAPI document at /docs-json. Default: on, except in production. */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsIn(['true', 'false'])
  API_DOCS_ENABLED?: 'true' | 'false';

  /**
   * The interface the operator and metrics listeners bind to (the worker's WORKER_PORT listener). Default:
   * 127.0.0.1 in production, where operators reach them through the host or a sidecar; 0.0.0.0 elsewhere.
   */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsIP(undefined, { message: 'METRICS_HOST must be an IP address of an interface (0.0.0.0 for all)' })
  METRICS_HOST?: string;

  /** TLS to the brokers (KAFKA_SSL_CA_FILE: their CA; _CERT_FILE and _KEY_FILE: a client certificate). */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsIn(['true', 'false'])
  KAFKA_SSL?: 'true' | 'false';

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  KAFKA_SSL_CA_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  KAFKA_SSL_CERT_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  KAFKA_SSL_KEY_FILE?: string;

  /** SASL/SCRAM to the brokers; with it, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required. */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsIn(['scram-sha-256', 'scram-sha-512'], {
    message: 'KAFKA_SASL_MECHANISM must be scram-sha-256 or scram-sha-512',
  })
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512';

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  KAFKA_SASL_PASSWORD?: string;
}

/** Variables that only mean something together; each problem names them. */
export function securityProblems(env: SecurityEnvironmentVariables): string[] {
  const problems: string[] = [];
  const hasCredentials = env.KAFKA_SASL_USERNAME !== undefined || env.KAFKA_SASL_PASSWORD !== undefined;
  if (env.KAFKA_SASL_MECHANISM && (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD)) {
    problems.push('KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  }
  if (!env.KAFKA_SASL_MECHANISM && hasCredentials) {
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM');
  }
  const tlsFiles = [env.KAFKA_SSL_CA_FILE, env.KAFKA_SSL_CERT_FILE, env.KAFKA_SSL_KEY_FILE];
  if (env.KAFKA_SSL !== 'true' && tlsFiles.some((file) => file !== undefined)) {
    problems.push('KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE need KAFKA_SSL=true');
  }
  if ((env.KAFKA_SSL_CERT_FILE === undefined) !== (env.KAFKA_SSL_KEY_FILE === undefined)) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together');
  }
  return problems;
}

/**
 * Document hosts outside production: those the examples, the simulators and the tests use (the portal
 * simulator's filed dossiers link to the portal's own host, as the real portal's do).
 */
export const DEVELOPMENT_DOCUMENT_HOSTS = ['*.example.gov.vn', '*.example.vn', 'dichvucong.gov.vn'];

export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
