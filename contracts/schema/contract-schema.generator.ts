import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { IS_ENUM, IS_URL, MAX, MIN } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { IOptions } from 'class-validator-jsonschema/build/options';
import { ContractClass } from '../registry/contract-definition';
import {
  IS_CALENDAR_DATE,
  IS_CALENDAR_DATE_OR_YEAR,
  IS_OFFSET_DATE_TIME,
} from '../validation/date-formats.decorator';
import { INTAKE_POLICY_RULES } from '../validation/intake-policy';
import { IS_CITIZEN_ID, IS_PERSONAL_ID } from '../validation/is-personal-id.decorator';

/** A JSON Schema (draft-07) object; kept structural so callers can embed it in OpenAPI or AsyncAPI documents. */
export type JsonSchema = { [keyword: string]: unknown };

export const DEFINITIONS_PREFIX = '#/definitions/';
export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

/**
 * Where the library's defaults do not say what the validators check: a numeric enum would list its names as
 * well as its values, Min/Max would turn an integer into a number, `url` is not a JSON Schema format, and
 * our own validators would only be described as strings.
 */
const converters: IOptions['additionalConverters'] = {
  [IS_ENUM]: (meta) => {
    const values: unknown[] = Object.values(meta.constraints[0] as object);
    const numbers = values.filter((value): value is number => typeof value === 'number');
    if (numbers.length > 0) return { type: 'integer', enum: numbers };
    return { type: 'string', enum: values };
  },
  [MIN]: (meta) => ({ minimum: (meta.constraints as number[])[0] }),
  [MAX]: (meta) => ({ maximum: (meta.constraints as number[])[0] }),
  [IS_URL]: { type: 'string', format: 'uri' },
  [IS_PERSONAL_ID]: {
    type: 'string',
    pattern: '^(00[1-9]|0[1-8][0-9]|09[0-6])[0-9]{9}$',
    description: '12-digit personal ID: province of birth (001–096), sex and century, birth year, 6 digits.',
  },
  [IS_CITIZEN_ID]: {
    type: 'string',
    pattern: '^((00[1-9]|0[1-8][0-9]|09[0-6])[0-9]{9}|[0-9]{9})$',
    description: '12-digit personal ID, or 9-digit identity card number (CMND) of older citizens.',
  },
  [IS_OFFSET_DATE_TIME]: { type: 'string', format: 'date-time' },
  [IS_CALENDAR_DATE]: { type: 'string', format: 'date' },
  [IS_CALENDAR_DATE_OR_YEAR]: { type: 'string', pattern: '^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$' },
  // Intake policy is enforced but never published: a frozen schema stays what partners validated against.
  ...Object.fromEntries(INTAKE_POLICY_RULES.map((rule) => [rule, {}])),
};

/** The schema of every class-validator class loaded, by class name, with references under `refPointerPrefix`. */
export function classSchemas(refPointerPrefix: string): Record<string, JsonSchema> {
  return validationMetadatasToSchemas({
    refPointerPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: converters,
  }) as Record<string, JsonSchema>;
}

/** The named schemas a schema refers to, directly or through others, sorted by name for a stable output. */
export function referencedSchemas(
  root: JsonSchema,
  all: Record<string, JsonSchema>,
  refPointerPrefix: string,
): Record<string, JsonSchema> {
  const found = new Map<string, JsonSchema>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === '$ref' && typeof value === 'string' && value.startsWith(refPointerPrefix)) {
        const name = value.slice(refPointerPrefix.length);
        const schema = all[name];
        if (!schema) throw new Error(`Schema ${name} is referenced but has no validated properties`);
        if (!found.has(name)) {
          found.set(name, schema);
          visit(schema);
        }
      } else {
        visit(value);
      }
    }
  };
  visit(root);
  return Object.fromEntries([...found.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function rootSchema(schemaClass: ContractClass, all: Record<string, JsonSchema>): JsonSchema {
  const schema = all[schemaClass.name];
  if (!schema) throw new Error(`Class ${schemaClass.name} has no validated properties`);
  return schema;
}

/**
 * The self-contained JSON Schema of one contract version: the class's own schema with every class it refers
 * to under `definitions`. This is what is published, served by the gateway and frozen in the repository.
 */
export function contractVersionSchema(
  name: string,
  version: { version: number; schemaClass: ContractClass },
  all: Record<string, JsonSchema> = classSchemas(DEFINITIONS_PREFIX),
): JsonSchema {
  const root = rootSchema(version.schemaClass, all);
  const definitions = referencedSchemas(root, all, DEFINITIONS_PREFIX);
  return {
    $schema: JSON_SCHEMA_DRAFT,
    $id: contractSchemaId(name, version.version),
    title: `${name} v${version.version}`,
    ...root,
    ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
  };
}

export function contractSchemaId(name: string, version: number): string {
  return `urn:lgsp:contract:${name}:v${version}`;
}
