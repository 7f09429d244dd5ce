import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Parser } from '@asyncapi/parser';

/** Spectral's severity 0 is an error; 1 to 3 are warnings, information and hints. */
const ERROR_SEVERITY = 0;
import request from 'supertest';
import { contractRegistry } from '@lgsp/contracts';
import { startGateway } from '../../apps/gateway/gateway.bootstrap';
import { createTestEnvironment } from '../support/test-environment';

const PROBLEM = /^application\/problem\+json/;

describe('contracts catalog: published schemas, AsyncAPI and OpenAPI from the gateway', () => {
  const env = createTestEnvironment('contracts');
  let gateway: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    gateway = await startGateway(env.overrides);
    http = request(gateway.getHttpServer() as Parameters<typeof request>[0]);
  });

  afterAll(async () => {
    await gateway?.close();
    await env.release();
  });

  it('lists every contract with its versions, status and sunset date', async () => {
    const response = await http.get('/v1/contracts').expect(200);
    const contracts = response.body.contracts as { name: string; versions: { version: number }[] }[];
    expect(contracts.map((contract) => contract.name)).toEqual(
      contractRegistry.contracts.map((contract) => contract.name),
    );
    expect(contracts.find((contract) => contract.name === 'dossier.status-changed')).toEqual({
      name: 'dossier.status-changed',
      messageType: 'dossier.status-changed',
      topic: 'dossier.events',
      summary: expect.any(String),
      status: 'active',
      sunset: null,
      latestVersion: 2,
      versions: [
        { version: 1, status: 'deprecated', sunset: null, schema: '/v1/contracts/dossier.status-changed/1' },
        { version: 2, status: 'active', sunset: null, schema: '/v1/contracts/dossier.status-changed/2' },
      ],
    });
  });

  it('serves each version’s JSON Schema, the very one frozen in the repository', async () => {
    for (const { contract, version } of contractRegistry.allVersions()) {
      const response = await http.get(`/v1/contracts/${contract.name}/${version.version}`).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/schema\+json/);
      const frozen = join(
        __dirname,
        '../../contracts',
        contract.folder,
        `v${version.version}`,
        `schema.v${version.version}.json`,
      );
      expect(response.body).toEqual(JSON.parse(readFileSync(frozen, 'utf8')));
    }
    const prefixed = await http.get('/v1/contracts/dossier.status-changed/v2').expect(200);
    expect(prefixed.body.title).toBe('dossier.status-changed v2');
  });

  it('answers an unknown contract or version with a 404 problem', async () => {
    const version = await http.get('/v1/contracts/dossier.status-changed/3').expect(404);
    expect(version.headers['content-type']).toMatch(PROBLEM);
    expect(version.body).toMatchObject({
      type: 'urn:lgsp:problem:not_found',
      status: 404,
      code: 'not_found',
      instance: '/v1/contracts/dossier.status-changed/3',
      detail: 'Contract dossier.status-changed has no version 3; it has v1, v2',
      errors: [],
    });
    const name = await http.get('/v1/contracts/dossier.exploded/1').expect(404);
    expect(name.body.detail).toBe('No contract is named dossier.exploded; GET /v1/contracts lists them');
    const route = await http.get('/v1/nowhere').expect(404);
    expect(route.headers['content-type']).toMatch(PROBLEM);
    expect(route.body.code).toBe('not_found');
  });

  it('answers an invalid query with a 400 problem naming each bad field', async () => {
    const response = await http.get('/v1/contracts?status=retired&colour=blue').expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'status', message: expect.stringMatching(/^status must be one of/) },
        { field: 'colour', message: 'property colour should not exist' },
      ]),
    );
    const deprecated = await http.get('/v1/contracts?status=deprecated').expect(200);
    expect(deprecated.body.contracts).toEqual([]);
  });

  it('answers a body that is not JSON with a 400 problem', async () => {
    const response = await http
      .post('/v1/contracts')
      .set('Content-Type', 'application/json')
      .send('{"dossierCode": ')
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({
      status: 400,
      code: 'malformed_message',
      instance: '/v1/contracts',
    });
    expect(response.body.detail).toMatch(/JSON/);
  });

  it('serves an AsyncAPI 3.0 document the official parser accepts', async () => {
    const response = await http.get('/asyncapi.json').expect(200);
    expect(response.body.asyncapi).toBe('3.0.0');
    const diagnostics = await new Parser().validate(JSON.stringify(response.body));
    expect(diagnostics.filter((diagnostic) => Number(diagnostic.severity) === ERROR_SEVERITY)).toEqual([]);
    expect(Object.keys(response.body.components.messages as object)).toContain('dossierStatusChangedV2');
  });

  it('serves the OpenAPI document, with contract schemas generated from the classes', async () => {
    const response = await http.get('/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths as object)).toEqual(
      expect.arrayContaining(['/v1/contracts', '/v1/contracts/{name}/{version}', '/asyncapi.json']),
    );
    const registered = response.body.components.schemas.DossierRegisteredV1;
    expect(registered.properties.applicant).toEqual({ $ref: '#/components/schemas/ApplicantV1' });
    expect(response.body.components.schemas.ApplicantV1.required).toContain('personalId');
    await http.get('/docs').expect(200).expect('Content-Type', /html/);
  });
});
