import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeProblem } from './configuration-problems';
import type { EnvironmentVariables } from './environment.schema';
import { productionProblems } from './production-rules';

/** What production demands of some variables, by name. */
export interface ProductionRules {
  /** No default applies in production: there a default is a simulator's URL or a published password. */
  required: readonly string[];
  /** Partner URLs, which must be https in production: credentials and personal data travel on them. */
  httpsUrls?: readonly string[];
  /** Values published in this repository for the simulators: set explicitly, they are still not secrets. */
  publishedSecrets?: Readonly<Record<string, string>>;
  /**
   * Secrets the province chooses itself: required, not the published value (publishedSecrets) and at least
   * MIN_SECRET_LENGTH characters, so a guessable word cannot pass for one. A secret a partner issues (the
   * national portal's password) is only `required`: its length is not the province's to choose.
   */
  secrets?: readonly string[];
}

/**
 * One connector's configuration, exported by its adapter: its variables (a class-validator class whose property
 * initialisers are the development defaults, pointing at the simulators), rules between them and the bus's own
 * variables, what production demands, and the typed settings the adapter reads (`config.slice(...)`). The config
 * lib validates the slices of the connectors a process runs together with the bus's variables, at boot.
 */
export interface ConfigSlice<TVariables extends object = object, TSettings = unknown> {
  /** For messages: the connector or partner it configures. */
  readonly name: string;
  readonly variables: ClassConstructor<TVariables>;
  readonly production: ProductionRules;
  /** Problems between its variables and the bus's (a partner timeout must fit in a handler's). */
  rules?(variables: TVariables, bus: EnvironmentVariables): string[];
  settings(variables: TVariables, context: { production: boolean }): TSettings;
}

export type SliceReading<TSettings> = { settings: TSettings; problems: [] } | { problems: string[] };

/** Validates one slice against the raw environment, naming each problem's variable (never its value). */
export function readSlice<TSettings>(
  slice: ConfigSlice<object, TSettings>,
  raw: Readonly<Record<string, unknown>>,
  bus: EnvironmentVariables,
): SliceReading<TSettings> {
  const variables = plainToInstance(slice.variables, raw, { exposeDefaultValues: true });
  const errors = validateSync(variables, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = [
    ...errors.flatMap(describeProblem),
    ...(slice.rules?.(variables, bus) ?? []),
    ...productionProblems(raw, bus, slice.production),
  ];
  if (problems.length > 0) return { problems };
  return { settings: slice.settings(variables, { production: bus.NODE_ENV === 'production' }), problems: [] };
}
