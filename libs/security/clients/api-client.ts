import type { Scope } from '../access/scope';

/** A system allowed to call the bus: a provincial system, the national portal, an operator, a load test. */
export interface ApiClient {
  clientId: string;
  description: string;
  secretHash: string;
  scopes: Scope[];
  /** Agency codes whose dossiers it may touch; `*` for all. */
  agencies: string[];
  /** Citizen fields it may see in a verification answer. */
  citizenFields: string[];
  /** Requests per minute; null: the bus's default; 0: no limit. */
  rateLimitPerMinute: number | null;
  createdAt: Date;
  secretRotatedAt: Date;
  disabledAt: Date | null;
}

/** Client ids are short, lower-case and safe in logs, URLs and Basic credentials. */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/u;
