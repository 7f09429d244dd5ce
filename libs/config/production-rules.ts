import { DEVELOPMENT_KEY_ENCRYPTION_SECRET, MIN_SECRET_LENGTH } from './access-environment';
import type { ProductionRules } from './config-slice';
import type { EnvironmentVariables } from './environment.schema';

/**
 * What every production process must set, whatever it runs. Connectors add their partners' variables in their
 * configuration slices: outside production those default to the simulators, so a laptop runs the whole bus; in
 * production no default applies.
 */
export const BUS_PRODUCTION_RULES: ProductionRules = {
  required: ['DATABASE_URL', 'DOCUMENT_HOSTS'],
  secrets: ['AUTH_KEY_ENCRYPTION_SECRET'],
  publishedSecrets: { AUTH_KEY_ENCRYPTION_SECRET: DEVELOPMENT_KEY_ENCRYPTION_SECRET },
};

const isSet = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/**
 * What production refuses, each problem naming its variable (never its value, nor its length: a log line must
 * not narrow a secret down). Judged on the raw environment, because the validated one already holds the
 * development defaults.
 */
export function productionProblems(
  raw: Readonly<Record<string, unknown>>,
  env: EnvironmentVariables,
  rules: ProductionRules,
): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const secrets = rules.secrets ?? [];
  const problems = [...rules.required, ...secrets]
    .filter((variable) => !isSet(raw[variable]))
    .map((variable) => `${variable} must be set in production (no default applies)`);
  const published = rules.publishedSecrets ?? {};
  for (const [variable, value] of Object.entries(published)) {
    if (raw[variable] === value) {
      problems.push(`${variable} is the published development default: set the real one`);
    }
  }
  for (const variable of secrets) {
    const value = raw[variable];
    if (isSet(value) && value !== published[variable] && String(value).length < MIN_SECRET_LENGTH) {
      problems.push(`${variable} must be at least ${MIN_SECRET_LENGTH} characters in production`);
    }
  }
  for (const variable of rules.httpsUrls ?? []) {
    const value = raw[variable];
    if (isSet(value) && !String(value).startsWith('https://')) {
      problems.push(`${variable} must be an https URL in production`);
    }
  }
  return problems;
}
