import { EnvironmentVariables } from './environment.schema';

/**
 * Partner variables by connector. Outside production they default to the simulators, so a laptop runs the
 * whole bus; in production no default applies, because a default there is a simulator URL or a published
 * password that would be used without anyone noticing.
 */
const PARTNER_VARIABLES: Record<string, readonly string[]> = {
  'national-portal': [
    'NATIONAL_PORTAL_URL',
    'NATIONAL_PORTAL_DSTCODE',
    'NATIONAL_PORTAL_AGENCY_CODE',
    'NATIONAL_PORTAL_USERNAME',
    'NATIONAL_PORTAL_PASSWORD',
  ],
  'portal-inbound': [
    'NATIONAL_PORTAL_URL',
    'NATIONAL_PORTAL_DSTCODE',
    'NATIONAL_PORTAL_AGENCY_CODE',
    'NATIONAL_PORTAL_USERNAME',
    'NATIONAL_PORTAL_PASSWORD',
  ],
  'one-stop': ['ONE_STOP_URL', 'ONE_STOP_API_KEY'],
};

/** Needed by every production process, whatever it runs. */
const ALWAYS_REQUIRED = ['DATABASE_URL', 'DOCUMENT_HOSTS'];

/** Partner URLs, which must be https in production: credentials and personal data travel on them. */
const PARTNER_URLS = ['NATIONAL_PORTAL_URL', 'ONE_STOP_URL'];

/** Secrets published in this repository for the simulators: set explicitly, they are still not secrets. */
const PUBLISHED_DEVELOPMENT_SECRETS: Record<string, string> = {
  NATIONAL_PORTAL_PASSWORD: 'lgsp-secret',
};

const isSet = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** The variables a production process must set, for the connectors it runs (see README, Configuration). */
export function productionRequiredVariables(connectors: readonly string[]): string[] {
  const partner = connectors.flatMap((connector) => PARTNER_VARIABLES[connector] ?? []);
  return [...new Set([...ALWAYS_REQUIRED, ...partner])];
}

/**
 * What production refuses, each problem naming its variable (never its value). Judged on the raw environment,
 * because the validated one already holds the development defaults.
 */
export function productionProblems(raw: Record<string, unknown>, env: EnvironmentVariables): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const connectors = env.CONNECTORS.split(',');
  const required = productionRequiredVariables(connectors);
  const problems = required
    .filter((variable) => !isSet(raw[variable]))
    .map((variable) => `${variable} must be set in production (no default applies)`);
  for (const [variable, published] of Object.entries(PUBLISHED_DEVELOPMENT_SECRETS)) {
    if (required.includes(variable) && raw[variable] === published) {
      problems.push(`${variable} is the published development default: set the real one`);
    }
  }
  for (const variable of PARTNER_URLS) {
    const value = raw[variable];
    if (required.includes(variable) && isSet(value) && !String(value).startsWith('https://')) {
      problems.push(`${variable} must be an https URL in production`);
    }
  }
  return problems;
}
