import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { contractRegistry } from './registry/contract-registry';
import { checkFrozenSchemas } from './schema/frozen-schema.check';
import { DEFINITIONS_PREFIX, classSchemas, contractVersionSchema } from './schema/contract-schema.generator';

/**
 * `npm run contracts:freeze`: writes the schema of every contract version that has none yet, formatted as the
 * repository formats JSON. It never rewrites a frozen schema: a published version that changed is an error to
 * undo (or a new version to add), not a file to refresh.
 */
async function freeze(contractsRoot: string): Promise<number> {
  const all = classSchemas(DEFINITIONS_PREFIX);
  let failures = 0;
  for (const check of checkFrozenSchemas(contractsRoot, contractRegistry)) {
    if (check.state === 'changed') {
      failures += 1;
      console.error(check.message);
    } else if (check.state === 'missing') {
      const version = contractRegistry.findVersion(check.contract, check.version);
      if (!version) throw new Error(`${check.contract} v${check.version} vanished from the registry`);
      const schema = contractVersionSchema(check.contract, version, all);
      const options = (await resolveConfig(check.file)) ?? {};
      mkdirSync(dirname(check.file), { recursive: true });
      writeFileSync(check.file, await format(JSON.stringify(schema), { ...options, parser: 'json' }));
      console.log(`froze ${check.contract} v${check.version} → ${check.file}`);
    }
  }
  return failures;
}

const contractsRoot = join(process.cwd(), 'contracts');
if (!existsSync(join(contractsRoot, 'registry'))) {
  console.error(`Run from the repository root: ${contractsRoot} is not the contracts folder`);
  process.exit(2);
}
freeze(contractsRoot).then(
  (failures) => process.exit(failures === 0 ? 0 : 1),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
