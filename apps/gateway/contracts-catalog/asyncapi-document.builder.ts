import {
  ContractDefinition,
  ContractRegistry,
  ContractVersion,
  DOSSIER_STATUS_CHANGED,
  JsonSchema,
  Topics,
  classSchemas,
  contractExample,
  referencedSchemas,
  rootSchema,
} from '@lgsp/contracts';
import { CLOUD_EVENTS_SPEC_VERSION, EnvelopeHeader, cloudEventType } from '@lgsp/messaging';

const SCHEMAS = '#/components/schemas/';

/** An AsyncAPI 3.0 document, as plain JSON. */
export type AsyncApiDocument = { asyncapi: '3.0.0' } & JsonSchema;

const camel = (text: string): string =>
  text.replace(/[.-]+([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

export const messageId = (name: string, version: number): string => `${camel(name)}V${version}`;

function channelId(topic: string): string {
  const entry = Object.entries(Topics).find(([, address]) => address === topic);
  if (!entry) throw new Error(`Topic ${topic} is not in contracts/topics.ts`);
  return entry[0];
}

/** Set by the gateway on an event older than the last one applied to its dossier (answered `stale`). */
const superseded: JsonSchema = {
  type: 'string',
  format: 'date-time',
  description:
    "Only on a status change older than the last event applied to its dossier: that event's time. Leave the " +
    "dossier's status alone; deliver only the processing step.",
};

/**
 * The envelope travels as a CloudEvent 1.0 in the Kafka binding's binary mode: `ce_*` headers, always strings;
 * type and version are fixed per message. The bus's own attributes are CloudEvents extensions.
 */
function envelopeHeaders(contract: ContractDefinition, version: number): JsonSchema {
  const text = (description: string): JsonSchema => ({ type: 'string', description });
  return {
    type: 'object',
    properties: {
      [EnvelopeHeader.specVersion]: { type: 'string', const: CLOUD_EVENTS_SPEC_VERSION },
      [EnvelopeHeader.id]: { type: 'string', format: 'uuid', description: 'Unique message id' },
      [EnvelopeHeader.source]: text('The system or bus component that produced the message'),
      [EnvelopeHeader.type]: { type: 'string', const: cloudEventType(contract.messageType, version) },
      [EnvelopeHeader.occurredAt]: { type: 'string', format: 'date-time', description: 'When it happened' },
      [EnvelopeHeader.subject]: text('The dossier code, or the request id; the same as the Kafka key'),
      [EnvelopeHeader.contentType]: { type: 'string', const: 'application/json' },
      [EnvelopeHeader.contractVersion]: { type: 'string', const: String(version) },
      [EnvelopeHeader.correlationId]: text('Shared by everything one request or message caused'),
      [EnvelopeHeader.causationId]: text('Id of the message that caused this one, when there is one'),
      ...(contract.messageType === DOSSIER_STATUS_CHANGED
        ? { [EnvelopeHeader.supersededAt]: superseded }
        : {}),
    },
    required: [
      EnvelopeHeader.specVersion,
      EnvelopeHeader.id,
      EnvelopeHeader.source,
      EnvelopeHeader.type,
      EnvelopeHeader.occurredAt,
      EnvelopeHeader.contentType,
      EnvelopeHeader.contractVersion,
      EnvelopeHeader.correlationId,
    ],
  };
}

function message(contract: ContractDefinition, version: ContractVersion): JsonSchema {
  return {
    name: contract.messageType,
    title: `${contract.name} v${version.version}`,
    summary: contract.summary,
    contentType: 'application/json',
    headers: envelopeHeaders(contract, version.version),
    payload: { $ref: `${SCHEMAS}${version.schemaClass.name}` },
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The partition key: the dossier code, or the request id' },
        bindingVersion: '0.5.0',
      },
    },
    examples: [{ name: 'example', payload: contractExample(contract.name, version.version) }],
    'x-lgsp-status': version.status,
    'x-lgsp-sunset': version.sunset,
  };
}

/**
 * The AsyncAPI document of the bus's Kafka topics, built from the contract registry: one channel per topic,
 * one message per contract version, payloads from the same classes that validate the messages.
 */
export function buildAsyncApiDocument(registry: ContractRegistry, appVersion: string): AsyncApiDocument {
  const all = classSchemas(SCHEMAS);
  const schemas: Record<string, JsonSchema> = {};
  const messages: Record<string, JsonSchema> = {};
  const channels: Record<
    string,
    { address: string; description: string; messages: Record<string, JsonSchema> }
  > = {};
  for (const { contract, version } of registry.allVersions()) {
    const root = rootSchema(version.schemaClass, all);
    Object.assign(schemas, { [version.schemaClass.name]: root }, referencedSchemas(root, all, SCHEMAS));
    const id = messageId(contract.name, version.version);
    messages[id] = message(contract, version);
    const channel = channelId(contract.topic);
    channels[channel] ??= {
      address: contract.topic,
      description: `Kafka topic ${contract.topic}`,
      messages: {},
    };
    channels[channel].messages[id] = { $ref: `#/components/messages/${id}` };
  }
  const operations = Object.fromEntries(
    Object.entries(channels).flatMap(([channel, { messages: channelMessages }]) => {
      const refs = Object.keys(channelMessages).map((id) => ({
        $ref: `#/channels/${channel}/messages/${id}`,
      }));
      const operation = (action: 'send' | 'receive') => ({
        action,
        channel: { $ref: `#/channels/${channel}` },
        messages: refs,
      });
      return [
        [`publish${channel[0].toUpperCase()}${channel.slice(1)}`, operation('send')],
        [`consume${channel[0].toUpperCase()}${channel.slice(1)}`, operation('receive')],
      ];
    }),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'LGSP provincial integration bus: Kafka messages',
      version: appVersion,
      description:
        'Every message is a CloudEvent 1.0 in the Kafka protocol binding, binary content mode: the value is the ' +
        'JSON payload and the envelope travels in `ce_*` headers. `ce_type` is reverse-DNS and names the contract ' +
        'version (vn.gov.lgsp.<message type>.v<version>), which names the payload schema; the extension ' +
        '`ce_contractversion` repeats the version as a number. Topics are prefixed per deployment (TOPIC_PREFIX).',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas: sortByName(schemas), messages },
  };
}

function sortByName<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
