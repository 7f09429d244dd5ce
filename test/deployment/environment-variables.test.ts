import { at, filesUnder, readKubernetesObjects, readRepositoryFile, readYaml } from './deployment-files';
import { busVariables, documentedNames, envFileNames, looksSecret } from './bus-variables.reader';

/**
 * Variables the code reads that no document names yet. docs/runbook.md (issue 16's configuration reference) is to
 * document every variable; remove a name here once it is documented. The test fails on any other gap.
 */
/** Variables of the compose stack itself (interpolated by docker compose), not read by the bus. */
const STACK_VARIABLES = new Set([
  'LGSP_IMAGE',
  'LGSP_HTTP_PORT',
  'POSTGRES_PASSWORD',
  'KAFKA_CLUSTER_ID',
  'GRAFANA_ADMIN_PASSWORD',
  'SIMULATOR_ADMIN_TOKEN',
]);

describe('deployment: every variable the apps read is documented and in docker/.env.example', () => {
  let variables: Set<string>;
  let sources: Map<string, string>;
  const envExample = readRepositoryFile('docker/.env.example');

  beforeAll(async () => {
    ({ names: variables, sources } = await busVariables());
  });

  it('finds the variables in the configuration classes', () => {
    // A floor, not a list: proves the discovery reads the bus's class and the connectors' slices.
    for (const name of [
      'KAFKA_BROKERS',
      'DATABASE_URL',
      'NATIONAL_PORTAL_URL',
      'NGSP_URL',
      'ONE_STOP_API_KEY',
    ])
      expect(variables).toContain(name);
    expect(variables.size).toBeGreaterThan(80);
  });

  it('names each one in README or docs/', () => {
    const documents = ['README.md', ...filesUnder('docs', /\.md$/)].map((file) => readRepositoryFile(file));
    const { exact, prefixes } = documentedNames(documents.join('\n'));
    const undocumented = [...variables].filter(
      (name) => !exact.has(name) && !prefixes.some((prefix) => name.startsWith(prefix)),
    );
    expect(undocumented.map((name) => `${name} (${sources.get(name) ?? 'read directly'})`)).toEqual([]);
  });

  it('lists each one in docker/.env.example, set or with its default commented', () => {
    const listed = envFileNames(envExample);
    expect([...variables].filter((name) => !listed.has(name))).toEqual([]);
    // And nothing there that nothing reads: a misspelt variable is silently ignored.
    expect([...listed].filter((name) => !variables.has(name) && !STACK_VARIABLES.has(name))).toEqual([]);
  });

  it('names the stack’s own variables where compose.yaml interpolates them', () => {
    const compose = readRepositoryFile('docker/compose.yaml');
    const interpolated = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]));
    for (const name of STACK_VARIABLES) expect([name, interpolated.has(name)]).toEqual([name, true]);
    expect(readYaml('docker/compose.yaml')).toHaveProperty(['services', 'gateway-1', 'env_file'], '.env');
  });

  it('keeps the Kubernetes ConfigMap to known variables and every secret in the Secret', () => {
    const objects = readKubernetesObjects().map(({ object }) => object);
    const data = (kind: string, field: string) =>
      objects
        .filter((object) => object.kind === kind)
        .flatMap((object) => Object.keys((at(object, field) as Record<string, string>) ?? {}));
    const configMap = data('ConfigMap', 'data');
    const secret = data('Secret', 'stringData');
    expect([...configMap, ...secret].filter((name) => !variables.has(name))).toEqual([]);
    expect(configMap.filter(looksSecret)).toEqual([]);
    expect(secret.filter((name) => !looksSecret(name))).toEqual([]);
  });
});
