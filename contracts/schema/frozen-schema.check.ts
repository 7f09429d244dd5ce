import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractDefinition } from '../registry/contract-definition';
import { ContractRegistry } from '../registry/contract-registry';
import {
  JsonSchema,
  classSchemas,
  contractVersionSchema,
  DEFINITIONS_PREFIX,
} from './contract-schema.generator';

export const FREEZE_COMMAND = 'npm run contracts:freeze';

export type FrozenState = 'unchanged' | 'changed' | 'missing';

export interface FrozenSchemaCheck {
  contract: string;
  version: number;
  file: string;
  state: FrozenState;
  differences: string[];
  /** What to tell a developer; empty when the schema is unchanged. */
  message: string;
}

/** `contracts/<folder>/v<n>/schema.v<n>.json`: the published schema sits beside the class it came from. */
export function frozenSchemaFile(
  contractsRoot: string,
  contract: ContractDefinition,
  version: number,
): string {
  return join(contractsRoot, contract.folder, `v${version}`, `schema.v${version}.json`);
}

/**
 * Compares a generated schema with its frozen copy. Key order does not matter (a formatter may reorder a
 * file); any other change does, because a published version is a promise to partners who validate with it.
 */
export function compareWithFrozen(
  contract: ContractDefinition,
  version: number,
  generated: JsonSchema,
  file: string,
): FrozenSchemaCheck {
  const base = { contract: contract.name, version, file };
  if (!existsSync(file)) {
    return {
      ...base,
      state: 'missing',
      differences: [],
      message: `${contract.name} v${version} has no frozen schema at ${file}. Run \`${FREEZE_COMMAND}\` and commit the file: from then on this version may never change.`,
    };
  }
  const differences = schemaDifferences(JSON.parse(readFileSync(file, 'utf8')) as unknown, generated);
  if (differences.length === 0) return { ...base, state: 'unchanged', differences, message: '' };
  return {
    ...base,
    state: 'changed',
    differences,
    message:
      `${contract.name} v${version} is published and frozen in ${file}, but its classes now generate a different schema:\n` +
      differences.map((difference) => `  - ${difference}`).join('\n') +
      `\nA published version never changes. Undo the change, or add v${version + 1} (a new class, a frozen schema and an upcaster from v${version}).`,
  };
}

export function checkFrozenSchemas(contractsRoot: string, registry: ContractRegistry): FrozenSchemaCheck[] {
  const all = classSchemas(DEFINITIONS_PREFIX);
  return registry
    .allVersions()
    .map(({ contract, version }) =>
      compareWithFrozen(
        contract,
        version.version,
        contractVersionSchema(contract.name, version, all),
        frozenSchemaFile(contractsRoot, contract, version.version),
      ),
    );
}

/** Every difference between two JSON values, as `path: what changed`. */
export function schemaDifferences(frozen: unknown, generated: unknown, path = '$'): string[] {
  if (isRecord(frozen) && isRecord(generated)) {
    const keys = [...new Set([...Object.keys(frozen), ...Object.keys(generated)])].sort();
    return keys.flatMap((key) => {
      const at = `${path}.${key}`;
      if (!(key in generated)) return [`${at} removed (was ${preview(frozen[key])})`];
      if (!(key in frozen)) return [`${at} added (${preview(generated[key])})`];
      return schemaDifferences(frozen[key], generated[key], at);
    });
  }
  if (Array.isArray(frozen) && Array.isArray(generated)) {
    if (frozen.length !== generated.length)
      return [`${path} changed from ${preview(frozen)} to ${preview(generated)}`];
    return frozen.flatMap((item, index) => schemaDifferences(item, generated[index], `${path}[${index}]`));
  }
  return Object.is(frozen, generated)
    ? []
    : [`${path} changed from ${preview(frozen)} to ${preview(generated)}`];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
