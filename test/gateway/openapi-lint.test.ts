import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type {
  OpenAPIObject,
  OperationObject,
  ResponseObject,
  SecuritySchemeObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ALL_SCOPES } from '@lgsp/security';
import { routesOf } from '../support/access/route-table';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: string;
}

/**
 * Redocly's `recommended` rules over the document on stdin, problems as JSON on stdout. In a child process because
 * @redocly/openapi-core is ESM only and Jest's module loader cannot load it on Node 20.
 */
const REDOCLY_LINT = `
import { createConfig, lintFromString } from '@redocly/openapi-core';
let source = '';
for await (const chunk of process.stdin) source += chunk;
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: 'docs-json.json', config });
process.stdout.write(JSON.stringify(problems.map((problem) => ({
  ruleId: problem.ruleId,
  severity: problem.severity,
  message: problem.message,
  location: problem.location.map((where) => where.pointer).join(' '),
}))));
`;

async function lintWithRedocly(document: string): Promise<LintProblem[]> {
  const run = promisify(execFile)(process.execPath, ['--input-type=module', '-e', REDOCLY_LINT], {
    cwd: join(__dirname, '../..'),
    maxBuffer: 16 * 1024 * 1024,
  });
  run.child.stdin?.end(document);
  const { stdout } = await run;
  return JSON.parse(stdout) as LintProblem[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function operationsOf(document: OpenAPIObject): { name: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );
}

describe('the OpenAPI document at /docs-json', () => {
  const gateway = useGatewayUnderTest('openapi-lint');
  let text: string;
  let document: OpenAPIObject;

  beforeAll(async () => {
    const answer = await gateway.http().get('/docs-json').expect(200);
    text = answer.text;
    document = JSON.parse(text) as OpenAPIObject;
  });

  it('passes Redocly’s recommended rules with no error and no warning', async () => {
    const problems = await lintWithRedocly(text);
    const readable = problems.map(
      (problem) => `${problem.severity} ${problem.ruleId} at ${problem.location}: ${problem.message}`,
    );
    expect(readable).toEqual([]);
  });

  it('gives every operation a summary and names the servers', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(10);
    expect(operations.filter(({ operation }) => !operation.summary).map(({ name }) => name)).toEqual([]);
    expect(document.servers?.length).toBeGreaterThan(0);
  });

  it('asks for the route’s OAuth2 scope on every protected operation, and for nothing on public ones', () => {
    const expected = routesOf(gateway.app()).map((route) => ({
      operation: `${route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
      // `[]` is OpenAPI's explicit "no credentials": public by intent, not by omission.
      security: route.rule?.kind === 'scope' ? [{ oauth2: [route.rule.scope] }] : [],
    }));
    const documented = operationsOf(document).map(({ name, operation }) => ({
      operation: name,
      security: operation.security,
    }));
    const byName = (a: { operation: string }, b: { operation: string }): number =>
      a.operation.localeCompare(b.operation);
    expect(documented.sort(byName)).toEqual(expected.sort(byName));
  });

  it('declares the OAuth2 client-credentials scheme with every scope, described', () => {
    const scheme = document.components?.securitySchemes?.oauth2 as SecuritySchemeObject;
    expect(scheme.flows?.clientCredentials?.tokenUrl).toBe('/oauth2/token');
    const scopes = scheme.flows?.clientCredentials?.scopes ?? {};
    expect(Object.keys(scopes).sort()).toEqual([...ALL_SCOPES].sort());
    expect(Object.values(scopes).filter((description) => description.length < 10)).toEqual([]);
  });

  it('documents every refusal but the token endpoint’s (OAuth2’s shape) and the 408 as problem+json', () => {
    const problemJson = { schema: { $ref: '#/components/schemas/Problem' } };
    const refusals = operationsOf(document)
      .filter(({ name }) => name !== 'POST /oauth2/token')
      .flatMap(({ name, operation }) =>
        Object.entries(operation.responses)
          .filter(([status]) => /^4\d\d$/.test(status) && status !== '408')
          .map(([status, response]) => ({
            refusal: `${name} ${status}`,
            content: (response as ResponseObject).content,
          })),
      );
    expect(refusals.length).toBeGreaterThanOrEqual(30);
    expect(refusals).toEqual(
      refusals.map(({ refusal }) => ({ refusal, content: { 'application/problem+json': problemJson } })),
    );
    const protectedOne = operationsOf(document).find(({ name }) => name === 'GET /v1/ops/stale-events');
    expect(Object.keys(protectedOne?.operation.responses ?? {})).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
    expect(document.components?.schemas?.Problem).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']),
    });
  });
});
