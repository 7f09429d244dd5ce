import type { OpenAPIObject } from '@nestjs/swagger';
import { completeOperations, withoutUnusedSchemas } from './openapi-completion';

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

function documentWith(paths: OpenAPIObject['paths'], schemas: Record<string, object>): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } };
}

describe('OpenAPI completion', () => {
  it('keeps the schemas operations use, nested ones too, and drops the rest', () => {
    const document = documentWith(
      {
        '/a': {
          post: {
            requestBody: { content: { 'application/json': { schema: ref('Outer') } } },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
      {
        Outer: { type: 'object', properties: { inner: ref('Inner') } },
        Inner: { type: 'object', properties: { deepest: { type: 'array', items: ref('Deepest') } } },
        Deepest: { type: 'string' },
        KafkaOnly: { type: 'object', properties: { other: ref('KafkaNested') } },
        KafkaNested: { type: 'string' },
      },
    );
    expect(Object.keys(withoutUnusedSchemas(document).components?.schemas ?? {}).sort()).toEqual([
      'Deepest',
      'Inner',
      'Outer',
    ]);
  });

  it('marks operations without a security requirement public and keeps the declared ones', () => {
    const document = documentWith(
      {
        '/public': { get: { responses: { '200': { description: 'ok' } } } },
        '/protected': {
          get: { security: [{ oauth2: ['ops:read'] }], responses: { '200': { description: 'ok' } } },
        },
      },
      {},
    );
    completeOperations(document);
    expect(document.paths['/public'].get?.security).toEqual([]);
    expect(document.paths['/protected'].get?.security).toEqual([{ oauth2: ['ops:read'] }]);
    expect(Object.keys(document.paths['/public'].get?.responses ?? {})).toEqual(['200', '408']);
  });
});
