import { validateEnvironment } from '@lgsp/config';
import { at, readKubernetesObjects, readRepositoryFile, readYaml, YamlObject } from './deployment-files';
import { Environment, interpolate, readEnvFile, slicesFor } from './deployment-environment';

/** The bus's own boot-time validation, run on what each deployment would hand a process. */
function bootProblems(environment: Environment): string[] {
  try {
    validateEnvironment(environment, slicesFor(environment));
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

describe('deployment: the configuration each deployment hands the bus passes its boot validation', () => {
  const envExample = readEnvFile(readRepositoryFile('docker/.env.example'));
  const objects = readKubernetesObjects().map(({ object }) => object);
  const kubernetesEnvironment: Environment = {
    ...(at(
      objects.find((object) => object.kind === 'ConfigMap'),
      'data',
    ) as Environment),
    ...(at(
      objects.find((object) => object.kind === 'Secret'),
      'stringData',
    ) as Environment),
  };

  /** What compose gives a gateway or worker: docker/.env, then the service's `environment`, interpolated. */
  function composeEnvironment(service: string, dotEnv: Environment): Environment {
    const definition = at(readYaml('docker/compose.yaml'), 'services', service) as YamlObject;
    const overrides = Object.entries((definition.environment ?? {}) as Record<string, string>).map(
      ([name, value]): [string, string] => [name, interpolate(String(value), dotEnv)],
    );
    return { ...dotEnv, ...Object.fromEntries(overrides) };
  }

  it('compose with docker/.env.example as shipped: development against the simulators', () => {
    for (const service of ['gateway-1', 'worker']) {
      const environment = composeEnvironment(service, envExample);
      expect(environment.KAFKA_BROKERS).toBe('kafka-1:9092,kafka-2:9092,kafka-3:9092');
      expect(environment.DATABASE_URL).toBe(
        `postgres://lgsp:${envExample.POSTGRES_PASSWORD}@postgres:5432/lgsp`,
      );
      expect(bootProblems(environment)).toEqual([]);
    }
  });

  it('compose switched to production without the real systems is refused, naming the simulators’ URLs', () => {
    const environment = composeEnvironment('worker', { ...envExample, NODE_ENV: 'production' });
    expect(bootProblems(environment).join('\n')).toMatch(/NATIONAL_PORTAL_URL must be an https URL/);
  });

  it('Kubernetes ConfigMap and Secret: production, every required variable present (placeholders filled)', () => {
    expect(kubernetesEnvironment.NODE_ENV).toBe('production');
    expect(bootProblems(kubernetesEnvironment)).toEqual([]);
  });

  it('Kubernetes without a required variable is refused by name (the check bites)', () => {
    const {
      NATIONAL_PORTAL_URL: _url,
      AUTH_KEY_ENCRYPTION_SECRET: _secret,
      ...missing
    } = kubernetesEnvironment;
    const problems = bootProblems(missing).join('\n');
    expect(problems).toMatch(/NATIONAL_PORTAL_URL/);
    expect(problems).toMatch(/AUTH_KEY_ENCRYPTION_SECRET/);
  });
});
