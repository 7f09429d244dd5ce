import { PortalErrorCode } from './portal-error-codes';

export interface NationalPortalSimulatorOptions {
  username: string;
  password: string;
  /** The province code every request must carry in the `dstcode` header. */
  dstcode: string;
  authPath: string;
  integrationPath: string;
  sessionTtlMs: number;
  /**
   * The error_code an expired or unknown session gets. The published guides define none, so a province's portal
   * may use any: tests set one the client does not know (-1) to prove it copes.
   */
  sessionExpiredCode: number;
}

export const DEFAULT_PORTAL_OPTIONS: NationalPortalSimulatorOptions = {
  username: 'lgsp',
  password: 'lgsp-secret',
  dstcode: 'H56',
  authPath: 'dvcqg/login',
  integrationPath: 'dvcqg/integration',
  sessionTtlMs: 30 * 60 * 1000,
  sessionExpiredCode: PortalErrorCode.SESSION_EXPIRED,
};

export const PORTAL_OPTIONS = Symbol('PORTAL_OPTIONS');
