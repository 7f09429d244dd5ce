import { Topics } from '@lgsp/contracts';
import { CONNECTORS } from '../../apps/worker/connector-table';
import { at, copyOf, readKubernetesObjects, YamlObject } from './deployment-files';
import { kubernetesProblems } from './kubernetes-models.validator';

type Container = YamlObject & { name: string };

/**
 * docker/kubernetes/, checked without a cluster: each object against its kind's schema (kubernetes-models,
 * @kubernetes-models/keda), then what the objects must agree on between them.
 */
describe('deployment: Kubernetes manifests', () => {
  const objects = readKubernetesObjects();
  const find = (kind: string, name: string) => {
    const found = objects.find(
      ({ object }) => object.kind === kind && at(object, 'metadata', 'name') === name,
    );
    if (!found) throw new Error(`no ${kind} ${name} in the manifests`);
    return found.object;
  };
  const gateway = find('Deployment', 'lgsp-gateway');
  const worker = find('Deployment', 'lgsp-worker');
  const scaledObject = find('ScaledObject', 'lgsp-worker');
  const config = at(find('ConfigMap', 'lgsp-config'), 'data') as Record<string, string>;
  const containersOf = (deployment: YamlObject) =>
    at(deployment, 'spec', 'template', 'spec', 'containers') as Container[];

  it.each(objects.map(({ file, object }) => [`${file}: ${String(object.kind)}`, object] as const))(
    '%s is valid against its schema',
    (_, object) => {
      expect(kubernetesProblems(object)).toEqual([]);
    },
  );

  it('fails validation when a required property is removed (the validators bite)', () => {
    const withoutSelector = copyOf(gateway);
    delete (withoutSelector.spec as YamlObject).selector;
    expect(kubernetesProblems(withoutSelector).join('\n')).toMatch(/required property selector/);

    const withoutTarget = copyOf(scaledObject);
    delete (withoutTarget.spec as YamlObject).scaleTargetRef;
    expect(kubernetesProblems(withoutTarget).join('\n')).toMatch(/required property scaleTargetRef/);

    const withoutTriggerType = copyOf(scaledObject);
    delete (at(withoutTriggerType, 'spec', 'triggers', 0) as YamlObject).type;
    expect(kubernetesProblems(withoutTriggerType).join('\n')).toMatch(/required property type/);
  });

  it('routes the Service and the PodDisruptionBudget to the gateway pods', () => {
    const podLabels = at(gateway, 'spec', 'template', 'metadata', 'labels') as YamlObject;
    expect(podLabels).toMatchObject(at(gateway, 'spec', 'selector', 'matchLabels') as YamlObject);
    expect(podLabels).toMatchObject(at(find('Service', 'lgsp-gateway'), 'spec', 'selector') as YamlObject);
    const budget = find('PodDisruptionBudget', 'lgsp-gateway');
    expect(podLabels).toMatchObject(at(budget, 'spec', 'selector', 'matchLabels') as YamlObject);
    expect(at(budget, 'spec', 'minAvailable')).toBeLessThan(Number(at(gateway, 'spec', 'replicas')));
  });

  it('probes /health/live and /health/ready on the ports the apps listen on', () => {
    const [gatewayContainer] = containersOf(gateway);
    expect(at(gatewayContainer, 'livenessProbe', 'httpGet')).toEqual({ path: '/health/live', port: 'http' });
    expect(at(gatewayContainer, 'readinessProbe', 'httpGet')).toEqual({
      path: '/health/ready',
      port: 'http',
    });
    expect(at(gatewayContainer, 'ports')).toContainEqual({
      name: 'http',
      containerPort: Number(config.PORT),
    });
    const [workerContainer] = containersOf(worker);
    expect(at(workerContainer, 'livenessProbe', 'httpGet')).toEqual({
      path: '/health/live',
      port: 'operator',
    });
    expect(at(workerContainer, 'readinessProbe', 'httpGet')).toEqual({
      path: '/health/ready',
      port: 'operator',
    });
    expect(at(workerContainer, 'ports')).toContainEqual({
      name: 'operator',
      containerPort: Number(config.WORKER_PORT),
    });
    // The kubelet reaches the worker's listener on the pod's address, not on loopback.
    expect(config.METRICS_HOST).toBe('0.0.0.0');
  });

  it('runs every container unprivileged, read-only, with resources, configuration and secrets by reference', () => {
    for (const deployment of [gateway, worker]) {
      expect(at(deployment, 'spec', 'template', 'spec', 'securityContext')).toMatchObject({
        runAsNonRoot: true,
      });
      for (const container of containersOf(deployment)) {
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(at(container, 'resources', 'requests', 'cpu')).toBeDefined();
        expect(at(container, 'resources', 'limits', 'memory')).toBeDefined();
        expect(container.envFrom).toEqual([
          { configMapRef: { name: 'lgsp-config' } },
          { secretRef: { name: 'lgsp-secrets' } },
        ]);
        expect(container.env).toBeUndefined();
      }
    }
    const secret = at(find('Secret', 'lgsp-secrets'), 'stringData') as Record<string, string>;
    for (const [name, value] of Object.entries(secret))
      expect([name, value]).toEqual([name, expect.stringMatching(/REPLACE/)]);
  });

  it('scales workers on the lag of the connectors’ consumer groups, never past the partition count', () => {
    expect(at(scaledObject, 'spec', 'scaleTargetRef')).toMatchObject({
      kind: 'Deployment',
      name: 'lgsp-worker',
    });
    expect(at(worker, 'spec', 'replicas')).toBeUndefined();
    const max = Number(at(scaledObject, 'spec', 'maxReplicaCount'));
    expect(max).toBeLessThanOrEqual(Number(config.KAFKA_TOPIC_PARTITIONS));
    expect(Number(at(scaledObject, 'spec', 'minReplicaCount'))).toBeGreaterThanOrEqual(2);

    const prefix = config.TOPIC_PREFIX;
    const groups = Object.keys(CONNECTORS).map((connector) => `${prefix}.${connector}`);
    const topics = Object.values(Topics).map((topic) => `${prefix}.${topic}`);
    const triggers = at(scaledObject, 'spec', 'triggers') as YamlObject[];
    expect(triggers.length).toBeGreaterThan(0);
    for (const trigger of triggers) {
      expect(trigger.type).toBe('kafka');
      const metadata = trigger.metadata as Record<string, string>;
      expect(metadata.bootstrapServers).toBe(config.KAFKA_BROKERS);
      expect(groups).toContain(metadata.consumerGroup);
      expect(topics).toContain(metadata.topic);
      expect(Number(metadata.lagThreshold)).toBeGreaterThan(0);
    }
  });
});
