import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { BusConfig } from '@lgsp/config';
import { JsonSchema, classSchemas, contractRegistry, referencedSchemas, rootSchema } from '@lgsp/contracts';

const SCHEMAS = '#/components/schemas/';

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
  const config = new DocumentBuilder()
    .setTitle('LGSP provincial integration bus')
    .setDescription(
      'REST adapters of the bus. Request bodies follow the published contracts (GET /v1/contracts); errors are ' +
        'RFC 9457 problem+json naming every failing field. Kafka messages are described at /asyncapi.json.',
    )
    .setVersion('1.0.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...(contractComponentSchemas() as Record<string, SchemaObject>),
    },
  };
  return document;
}

/**
 * Swagger UI at /docs and the OpenAPI document at /docs-json, built on first request; only where
 * API_DOCS_ENABLED allows (not in production unless asked for: the contracts stay published at /v1/contracts).
 */
export function setupApiDocs(app: INestApplication): void {
  if (!app.get(BusConfig).http.apiDocsEnabled) return;
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
