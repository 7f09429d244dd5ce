import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { BusConfig } from '@lgsp/config';
import { JsonSchema, classSchemas, contractRegistry, referencedSchemas, rootSchema } from '@lgsp/contracts';
import { OAUTH2_SCHEME } from '@lgsp/security';
import { completeOperations, withoutUnusedSchemas } from './openapi-completion';
import { ProblemDocument } from './problem.document';
import { SCOPE_DESCRIPTIONS } from './scope-descriptions';

const SCHEMAS = '#/components/schemas/';

/** The groups the controllers tag their operations with (`@ApiTags`), described once. */
const TAGS: Record<string, string> = {
  dossiers: 'The one-stop system registers dossiers and records their status changes; their traces',
  operations: 'Operators: health probes, stale events, ledger repairs',
  contracts: 'The published contracts (JSON Schema) and the AsyncAPI document of the Kafka topics',
  oauth2: 'Access tokens (OAuth2 client credentials) and the keys that verify them',
};

/**
 * Every contract class and the classes it nests, as OpenAPI component schemas generated from the same
 * class-validator decorators that validate the bodies. A controller taking `@Body() body: DossierRegisteredV1`
 * makes Swagger refer to `#/components/schemas/DossierRegisteredV1`; without @ApiProperty on each field
 * Swagger would describe it as an empty object, so these replace what Swagger inferred. One source of truth.
 */
export function contractComponentSchemas(): Record<string, JsonSchema> {
  const all = classSchemas(SCHEMAS);
  const schemas: Record<string, JsonSchema> = {};
  for (const { version } of contractRegistry.allVersions()) {
    const root = rootSchema(version.schemaClass, all);
    Object.assign(schemas, { [version.schemaClass.name]: root }, referencedSchemas(root, all, SCHEMAS));
  }
  return schemas;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('LGSP provincial integration bus')
    .setDescription(
      'REST adapters of the bus. Request bodies follow the published contracts (GET /v1/contracts); errors are ' +
        'RFC 9457 problem+json naming every failing field. Kafka messages are described at /asyncapi.json. ' +
        'Every route but the public ones (health, contracts, token, keys) needs a bearer token from ' +
        'POST /oauth2/token granting the scope the operation names.',
    )
    .setVersion('1.0.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the gateway that served this document, whatever host or proxy it is reached through.
    .addServer('/', 'The gateway that serves this document')
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'ES256 JWT access tokens (RFC 9068); the keys that verify them are at /.well-known/jwks.json',
        flows: { clientCredentials: { tokenUrl: '/oauth2/token', scopes: { ...SCOPE_DESCRIPTIONS } } },
      },
      OAUTH2_SCHEME,
    );
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ProblemDocument] });
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...(contractComponentSchemas() as Record<string, SchemaObject>),
    },
  };
  completeOperations(document);
  return withoutUnusedSchemas(document);
}

/**
 * Swagger UI at /docs and the OpenAPI document at /docs-json, built on first request; only where
 * API_DOCS_ENABLED allows (not in production unless asked for: the contracts stay published at /v1/contracts).
 */
export function setupApiDocs(app: INestApplication): void {
  if (!app.get(BusConfig).http.apiDocsEnabled) return;
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
