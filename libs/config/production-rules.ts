import type { ProductionRules } from './config-slice';
import type { EnvironmentVariables } from './environment.schema';

/**
 * What every production process must set, whatever it runs. Connectors add their partners' variables in their
 * configuration slices: outside production those default to the simulators, so a laptop runs the whole bus; in
 * production no default applies.
 */
export const BUS_PRODUCTION_RULES: ProductionRules = { required: ['DATABASE_URL', 'DOCUMENT_HOSTS'] };

const isSet = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/**
 * What production refuses, each problem naming its variable (never its value). Judged on the raw environment,
 * because the validated one already holds the development defaults.
 */
export function productionProblems(
  raw: Readonly<Record<string, unknown>>,
  env: EnvironmentVariables,
  rules: ProductionRules,
): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems = rules.required
    .filter((variable) => !isSet(raw[variable]))
    .map((variable) => `${variable} must be set in production (no default applies)`);
  for (const [variable, published] of Object.entries(rules.publishedSecrets ?? {})) {
    if (raw[variable] === published) {
      problems.push(`${variable} is the published development default: set the real one`);
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
