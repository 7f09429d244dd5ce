export interface NationalPortalSimulatorOptions {
  username: string;
  password: string;
  /** The province code every request must carry in the `dstcode` header. */
  dstcode: string;
  authPath: string;
  integrationPath: string;
  sessionTtlMs: number;
}

export const DEFAULT_PORTAL_OPTIONS: NationalPortalSimulatorOptions = {
  username: 'lgsp',
  password: 'lgsp-secret',
  dstcode: 'H56',
  authPath: 'dvcqg/login',
  integrationPath: 'dvcqg/integration',
  sessionTtlMs: 30 * 60 * 1000,
};

export const PORTAL_OPTIONS = Symbol('PORTAL_OPTIONS');
