import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigSlice, emptyAsUndefined } from '@lgsp/config';
import type { PartnerTlsFiles } from '@lgsp/security';

const PATH_SHAPE = /^[A-Za-z0-9/_.-]+$/;

/**
 * Where NGSP and the population database behind it are, and how hard the bus may push them. Defaults point at
 * the population-database simulator (`npm run simulators`), so a laptop verifies citizens without NGSP.
 */
export class PopulationDatabaseVariables {
  /** NGSP's API manager: the token endpoint and the SOAP service share this base URL. */
  @Matches(/^https?:\/\/\S+$/, { message: 'NGSP_URL must be an http(s) URL' })
  NGSP_URL = 'http://127.0.0.1:4102';

  @Matches(PATH_SHAPE, { message: 'NGSP_TOKEN_PATH must be a URL path' })
  NGSP_TOKEN_PATH = 'token';

  @Matches(PATH_SHAPE, { message: 'POPULATION_DATABASE_SOAP_PATH must be a URL path' })
  POPULATION_DATABASE_SOAP_PATH = 'csdlqgvdc/1.0/soap';

  /** The SOAP service's XML namespace (requests are matched on it by the real service). */
  @Matches(/^\S+$/, { message: 'POPULATION_DATABASE_NAMESPACE must be a namespace URI' })
  POPULATION_DATABASE_NAMESPACE = 'urn:lgsp:simulator:csdlqgvdc';

  /** NGSP's consumer key and secret for the province's application (OAuth2 client credentials). */
  @IsString()
  NGSP_CONSUMER_KEY = 'lgsp-consumer';

  @IsString()
  NGSP_CONSUMER_SECRET = 'lgsp-consumer-secret';

  /** `MaTichHop`: the integration code NGSP registered for the province (the agency asking). */
  @Matches(/^[A-Za-z0-9._-]{1,50}$/, { message: 'POPULATION_DATABASE_INTEGRATION_CODE must be a code' })
  POPULATION_DATABASE_INTEGRATION_CODE = 'H56';

  /** One call (token or SOAP); a verification may make up to four within one request deadline. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  POPULATION_DATABASE_TIMEOUT_MS = 1500;

  /** Calls in flight to NGSP at once; more wait in a bounded queue. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  POPULATION_DATABASE_MAX_CONCURRENT = 32;

  /** How long an open breaker answers `unavailable` before it lets one probe through. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  POPULATION_DATABASE_BREAKER_RESET_MS = 10_000;

  /** PEM files: the CA NGSP's certificate chains to; a client certificate and key for mutual TLS. */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  NGSP_CA_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  NGSP_CERT_FILE?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  NGSP_KEY_FILE?: string;

  /** One citizen record or token is small. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  POPULATION_DATABASE_MAX_REPLY_BYTES = 262_144;
}

export interface PopulationDatabaseSettings {
  url: string;
  tokenPath: string;
  soapPath: string;
  namespace: string;
  consumerKey: string;
  consumerSecret: string;
  integrationCode: string;
  timeoutMs: number;
  maxConcurrent: number;
  resetTimeoutMs: number;
  connection: { tls: PartnerTlsFiles; maxReplyBytes: number; allowPlainHttp: boolean };
}

export const populationDatabaseConfig: ConfigSlice<PopulationDatabaseVariables, PopulationDatabaseSettings> =
  {
    name: 'population database (NGSP)',
    variables: PopulationDatabaseVariables,
    production: {
      required: [
        'NGSP_URL',
        'NGSP_CONSUMER_KEY',
        'NGSP_CONSUMER_SECRET',
        'POPULATION_DATABASE_INTEGRATION_CODE',
        'POPULATION_DATABASE_NAMESPACE',
      ],
      httpsUrls: ['NGSP_URL'],
      // Not in `secrets`: NGSP issues the consumer secret, so its length is not the province's to choose.
      publishedSecrets: { NGSP_CONSUMER_SECRET: 'lgsp-consumer-secret' },
    },
    // A verification can take a token, a call, a renewal after a 401 and a retry: all within one handler.
    rules: (population, bus) =>
      population.POPULATION_DATABASE_TIMEOUT_MS * 4 > bus.KAFKA_HANDLER_TIMEOUT_MS
        ? ['POPULATION_DATABASE_TIMEOUT_MS must be at most a quarter of KAFKA_HANDLER_TIMEOUT_MS']
        : [],
    settings: (population, { production }) => ({
      url: population.NGSP_URL.replace(/\/$/, ''),
      tokenPath: population.NGSP_TOKEN_PATH.replace(/^\//, ''),
      soapPath: population.POPULATION_DATABASE_SOAP_PATH.replace(/^\//, ''),
      namespace: population.POPULATION_DATABASE_NAMESPACE,
      consumerKey: population.NGSP_CONSUMER_KEY,
      consumerSecret: population.NGSP_CONSUMER_SECRET,
      integrationCode: population.POPULATION_DATABASE_INTEGRATION_CODE,
      timeoutMs: population.POPULATION_DATABASE_TIMEOUT_MS,
      maxConcurrent: population.POPULATION_DATABASE_MAX_CONCURRENT,
      resetTimeoutMs: population.POPULATION_DATABASE_BREAKER_RESET_MS,
      connection: {
        tls: {
          caFile: population.NGSP_CA_FILE,
          certFile: population.NGSP_CERT_FILE,
          keyFile: population.NGSP_KEY_FILE,
        },
        maxReplyBytes: population.POPULATION_DATABASE_MAX_REPLY_BYTES,
        allowPlainHttp: !production,
      },
    }),
  };
