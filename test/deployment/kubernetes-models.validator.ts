import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';

interface Validatable {
  validate(): void;
}

/** The kinds the manifests may hold, by `apiVersion/kind`, each with its model from the Kubernetes OpenAPI schema. */
const MODELS: Record<string, (object: object) => Validatable> = {
  'v1/Namespace': (object) => new Namespace(object),
  'v1/ConfigMap': (object) => new ConfigMap(object),
  'v1/Secret': (object) => new Secret(object),
  'v1/Service': (object) => new Service(object),
  'apps/v1/Deployment': (object) => new Deployment(object),
  'policy/v1/PodDisruptionBudget': (object) => new PodDisruptionBudget(object),
  'keda.sh/v1alpha1/ScaledObject': (object) =>
    new ScaledObject(object as ConstructorParameters<typeof ScaledObject>[0]),
};

/** Problems of one object against its kind's schema; an unknown kind is one. */
export function kubernetesProblems(object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`];
  if (!model) return [`no model for ${String(object.apiVersion)} ${String(object.kind)}`];
  try {
    model(object).validate();
    return [];
  } catch (error) {
    // The models throw their schema's errors in one message: that message is the finding.
    return [error instanceof Error ? error.message : String(error)];
  }
}
