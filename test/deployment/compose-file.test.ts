import { looksSecret } from './bus-variables.reader';
import { ComposeSchemaValidator } from './compose-schema.validator';
import {
  at,
  copyOf,
  readRepositoryFile,
  readYaml,
  repositoryFileExists,
  YamlObject,
} from './deployment-files';

/**
 * docker/compose.yaml, checked without a Docker engine: against the compose specification's JSON Schema, and for
 * what the issue asks of the stack (a three-node KRaft cluster that keeps every write on two nodes, two gateways
 * behind a load balancer, two workers, the simulators, Prometheus reaching every process).
 */
describe('deployment: docker/compose.yaml', () => {
  const validator = new ComposeSchemaValidator();
  const compose = readYaml('docker/compose.yaml');
  const services = compose.services as Record<string, YamlObject>;
  const kafkaNodes = Object.keys(services).filter((name) => /^kafka-\d+$/.test(name));
  const environment = (service: string) => (services[service].environment ?? {}) as Record<string, unknown>;
  const runs = (app: string) =>
    Object.keys(services).filter((name) => (services[name].command as string[] | undefined)?.includes(app));

  it('is valid against the compose specification', () => {
    expect(validator.problems(compose)).toEqual([]);
  });

  it('fails validation when a service loses its image, a property is misspelt or a condition is missing', () => {
    const withoutImage = copyOf(compose);
    delete (at(withoutImage, 'services', 'kafka-1') as YamlObject).image;
    expect(validator.problems(withoutImage).join('\n')).toMatch(/service kafka-1: .*image/);

    const misspelt = copyOf(compose);
    (at(misspelt, 'services', 'postgres') as YamlObject).enviroment = { POSTGRES_DB: 'lgsp' };
    expect(validator.problems(misspelt).join('\n')).toMatch(/additional properties/);

    const noCondition = copyOf(compose);
    delete (at(noCondition, 'services', 'gateway-1', 'depends_on', 'postgres') as YamlObject).condition;
    expect(validator.problems(noCondition).join('\n')).toMatch(/condition/);
  });

  it('runs three KRaft nodes, each broker and controller, with one cluster id and quorum', () => {
    expect(kafkaNodes).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    const voters = kafkaNodes.map((node, index) => `${index + 1}@${node}:9093`).join(',');
    for (const [index, node] of kafkaNodes.entries()) {
      expect(services[node].image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
      const env = environment(node);
      expect(env.KAFKA_NODE_ID).toBe(index + 1);
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(voters);
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`PLAINTEXT://${node}:9092`);
      expect(env.CLUSTER_ID).toBe(environment('kafka-1').CLUSTER_ID);
      expect(services[node].healthcheck).toBeDefined();
    }
  });

  it('keeps every message on three nodes and acknowledges it on two, internal topics included', () => {
    for (const node of kafkaNodes) {
      expect(environment(node)).toMatchObject({
        KAFKA_DEFAULT_REPLICATION_FACTOR: 3,
        KAFKA_MIN_INSYNC_REPLICAS: 2,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3,
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 3,
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2,
      });
    }
  });

  it('runs two gateways behind the load balancer, two workers and the simulators', () => {
    const gateways = runs('dist/apps/gateway/main.js');
    expect(gateways).toHaveLength(2);
    const workers = runs('dist/apps/worker/main.js');
    const workerReplicas = workers.reduce(
      (sum, name) => sum + Number(at(services[name], 'deploy', 'replicas') ?? 1),
      0,
    );
    expect(workerReplicas).toBe(2);
    expect(runs('dist/apps/simulators/main.js')).toHaveLength(1);

    const nginx = readRepositoryFile('docker/nginx/nginx.conf');
    for (const gateway of gateways) expect(nginx).toMatch(new RegExp(`server ${gateway}:3000\\b`));
    expect(at(services['load-balancer'], 'depends_on')).toEqual(
      Object.fromEntries(gateways.map((gateway) => [gateway, { condition: 'service_healthy' }])),
    );
  });

  it('gives every bus process the province’s .env, the stack’s brokers and a metrics listener Prometheus reaches', () => {
    for (const name of [...runs('dist/apps/gateway/main.js'), ...runs('dist/apps/worker/main.js')]) {
      expect(services[name].env_file).toBe('.env');
      expect(environment(name)).toMatchObject({ METRICS_HOST: '0.0.0.0' });
      expect(String(environment(name).KAFKA_BROKERS)).toContain('kafka-1:9092,kafka-2:9092,kafka-3:9092');
      for (const dependency of Object.keys(services[name].depends_on as YamlObject))
        expect(Object.keys(services)).toContain(dependency);
    }
    // The simulators refuse production, whatever the province's .env says.
    expect(environment('simulators').NODE_ENV).toBe('development');
  });

  it('takes every secret from docker/.env, never from the compose file', () => {
    for (const [service, definition] of Object.entries(services)) {
      for (const [name, value] of Object.entries((definition.environment ?? {}) as Record<string, unknown>)) {
        if (looksSecret(name))
          expect([service, name, value]).toEqual([service, name, expect.stringMatching(/^\$\{/)]);
      }
    }
  });

  it('mounts only files that exist beside it', () => {
    const mounts = Object.values(services).flatMap(
      (service) => (service.volumes as string[] | undefined) ?? [],
    );
    const bindSources = mounts
      .map((mount) => mount.split(':')[0])
      .filter((source) => source.startsWith('./'));
    expect(bindSources.length).toBeGreaterThan(0);
    for (const source of bindSources) expect(repositoryFileExists(`docker/${source.slice(2)}`)).toBe(true);
    const named = mounts.map((mount) => mount.split(':')[0]).filter((source) => !source.startsWith('.'));
    for (const volume of named) expect(Object.keys(compose.volumes as YamlObject)).toContain(volume);
  });
});
