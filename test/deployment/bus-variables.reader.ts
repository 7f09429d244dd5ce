import { getMetadataStorage } from 'class-validator';
import { OTLP_ENDPOINT_VARIABLE } from '@lgsp/observability';
import { filesUnder, readRepositoryFile, REPOSITORY_ROOT } from './deployment-files';
import { join } from 'node:path';

/**
 * Variables the apps read outside the configuration classes: the worker's connector list (read before the
 * configuration, to know which slices to validate) and the OpenTelemetry exporter's standard variable.
 */
const READ_OUTSIDE_CONFIGURATION_CLASSES = ['CONNECTORS', OTLP_ENDPOINT_VARIABLE];

type VariablesClass = new () => object;

/**
 * Every variable the bus's apps read, found in the code rather than listed by hand: the properties of each
 * configuration class (the bus's EnvironmentVariables and every ConfigSlice's `variables` class), by the
 * class-validator metadata that validates them at boot, plus their initialised defaults.
 */
export async function busVariables(): Promise<{ names: Set<string>; sources: Map<string, string> }> {
  const names = new Set<string>(READ_OUTSIDE_CONFIGURATION_CLASSES);
  const sources = new Map<string, string>();
  const files = ['libs', 'apps', 'adapters']
    .flatMap((folder) => filesUnder(folder, /\.ts$/))
    .filter((file) => !file.endsWith('.spec.ts'))
    .filter((file) => /\bclass \w+Variables\b/.test(readRepositoryFile(file)));
  for (const file of files) {
    const exported = (await import(join(REPOSITORY_ROOT, file))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exported)) {
      if (!exportName.endsWith('Variables') || typeof value !== 'function') continue;
      const variablesClass = value as VariablesClass;
      const validated = getMetadataStorage()
        .getTargetValidationMetadatas(variablesClass, '', true, false)
        .map((metadata) => metadata.propertyName);
      for (const name of [...validated, ...Object.keys(new variablesClass())]) {
        names.add(name);
        if (!sources.has(name)) sources.set(name, `${file} (${exportName})`);
      }
    }
  }
  return { names, sources };
}

/**
 * The names a text documents: each variable named in it (a word with an underscore, or a single word in
 * backticks such as `PORT`, so that a capitalised word of prose is not taken for one), and the prefixes it
 * names as `PREFIX_*`.
 */
export function documentedNames(text: string): { exact: Set<string>; prefixes: string[] } {
  const withUnderscore = text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [];
  const inBackticks = [...text.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]);
  return {
    exact: new Set([...withUnderscore, ...inBackticks]),
    prefixes: [...text.matchAll(/`([A-Z][A-Z0-9_]*_)\*`/g)].map((match) => match[1]),
  };
}

/** The names an env file sets or shows commented (`NAME=` or `# NAME=`, the default). */
export function envFileNames(text: string): Set<string> {
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
}

/**
 * A variable whose value must not be in plain configuration (an image layer, a ConfigMap): a credential, or the
 * database URL, which carries its password. A `_FILE` variable only names where a mounted secret is.
 */
export function looksSecret(name: string): boolean {
  return (/SECRET|PASSWORD|KEY|TOKEN/.test(name) && !name.endsWith('_FILE')) || name === 'DATABASE_URL';
}
