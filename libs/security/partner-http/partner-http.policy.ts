import { Agent as HttpsAgent } from 'node:https';
import type { CreateAxiosDefaults } from 'axios';
import { readPemFile } from '../pem-file';

/** TLS material for one partner, as file paths from configuration (PEM). */
export interface PartnerTlsFiles {
  /** CA bundle the partner's certificate must chain to; without it, the system's trusted CAs. */
  caFile?: string;
  /** Client certificate and key, for a partner that asks the bus to prove itself with mutual TLS. */
  certFile?: string;
  keyFile?: string;
}

/** How the bus may talk to one partner over HTTP. */
export interface PartnerHttpSettings {
  /** For error messages and logs: "the national portal". */
  partner: string;
  url: string;
  timeoutMs: number;
  /** Largest reply body read; a larger one is abandoned while it streams in. */
  maxReplyBytes: number;
  /** Largest request body sent (default 32 MiB: one call carries at most one run of records). */
  maxRequestBytes?: number;
  tls: PartnerTlsFiles;
  /** Plain http, for the simulators in development and test; never in production. */
  allowPlainHttp: boolean;
}

const DEFAULT_MAX_REQUEST_BYTES = 32 * 1_048_576;

export class PartnerHttpConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartnerHttpConfigurationError';
  }
}

/**
 * The axios defaults every partner client starts from:
 * - no redirects: a 3xx would make axios send the same request, credentials and personal data included, to
 *   whatever host the reply names; the bus only talks to the host it was configured with;
 * - bounded reply and request sizes, so a partner cannot make the bus buffer an unbounded reply;
 * - https only (outside development and test), with this partner's CA and client certificate when configured.
 * Files are read here, once, when the client is built at start-up: a wrong path stops the process.
 */
export function partnerHttpDefaults(settings: PartnerHttpSettings): CreateAxiosDefaults {
  const url = new URL(settings.url);
  if (url.protocol !== 'https:' && !(settings.allowPlainHttp && url.protocol === 'http:')) {
    throw new PartnerHttpConfigurationError(
      `${settings.partner} must be reached over https (configured: ${url.protocol.replace(/:$/u, '')})`,
    );
  }
  const { caFile, certFile, keyFile } = settings.tls;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new PartnerHttpConfigurationError(
      `${settings.partner}'s client certificate and key go together: set both files or neither`,
    );
  }
  const httpsAgent = new HttpsAgent({
    keepAlive: true,
    ca: readPemFile(settings.partner, 'CA', caFile),
    cert: readPemFile(settings.partner, 'client certificate', certFile),
    key: readPemFile(settings.partner, 'client key', keyFile),
    rejectUnauthorized: true,
  });
  return {
    baseURL: `${settings.url.replace(/\/$/u, '')}/`,
    timeout: settings.timeoutMs,
    maxRedirects: 0,
    maxContentLength: settings.maxReplyBytes,
    maxBodyLength: settings.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    httpsAgent,
  };
}
