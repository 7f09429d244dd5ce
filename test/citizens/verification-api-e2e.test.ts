import { INestApplication } from '@nestjs/common';
import axios from 'axios';
import request from 'supertest';
import { Client } from 'pg';
import { Scope } from '@lgsp/security';
import { citizenIdHash } from '../../apps/gateway/citizens/citizen-id-hash';
import { DEVELOPMENT_CITIZEN_ID_HASH_KEY } from '../../apps/gateway/citizens/citizen-verification.config';
import { listeningUrl, startGateway } from '../../apps/gateway/gateway.bootstrap';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';
import { startWorker } from '../../apps/worker/worker.bootstrap';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { isoDate, sampleCitizens } from '../support/citizens/population-under-test';
import { TestEnvironment, createTestEnvironment, databaseUrl } from '../support/test-environment';

const AGENCY = 'H56.03';

/** The whole way: gateway → Kafka → the worker's population connector → NGSP (simulator) → back, audited. */
describe('citizen verification end to end (gateway, worker, population-database simulator)', () => {
  let simulators: RunningSimulators | undefined;
  let env: TestEnvironment | undefined;
  let gateway: INestApplication | undefined;
  let worker: INestApplication | undefined;
  let clerk: { authorization: string };

  beforeAll(async () => {
    simulators = await startSimulators({ logLevels: ['error'] });
    env = createTestEnvironment('citizen-e2e', {
      NGSP_URL: simulators.urls.populationDatabase,
      CONNECTORS: 'population-database',
    });
    gateway = await startGateway(env.overrides);
    worker = await startWorker(env.overrides);
    const client = await createTestClient(env.schema, {
      clientId: 'e2e-clerk',
      scopes: [Scope.CitizenVerify],
      agencies: [AGENCY],
      citizenFields: ['fullName'],
    });
    clerk = bearer(await requestToken(listeningUrl(gateway), client));
  });

  afterAll(async () => {
    await gateway?.close();
    await worker?.close();
    await simulators?.close();
    await env?.release();
  });

  it('answers the population database’s verdicts with the client’s fields only, each look-up audited', async () => {
    const admin = axios.create({
      baseURL: simulators!.urls.populationDatabase,
      headers: { [ADMIN_TOKEN_HEADER]: simulators!.adminToken },
    });
    const [citizen, other] = await sampleCitizens(admin, 2);
    const verify = (personalId: string, fullName: string, birthDate: string) =>
      request(gateway!.getHttpServer())
        .post('/v1/citizens/verifications')
        .set(clerk)
        .send({
          personalId,
          fullName,
          birthDate,
          purpose: {
            serviceCode: '1.001193',
            dossierCode: 'H56.03-260101-0001',
            agencyCode: AGENCY,
            officerCode: 'canbo01',
          },
        });

    const match = await verify(citizen.SoDinhDanh, citizen.fullName, isoDate(citizen.NgayThangNamSinh));
    expect(match.status).toBe(200);
    expect(match.body).toEqual({
      requestId: expect.any(String),
      verdict: 'match',
      differingFields: [],
      citizen: { fullName: citizen.fullName },
    });
    // The same year and month, another day: the ID exists, the birth date does not agree.
    const day = Number(other.NgayThangNamSinh.slice(6, 8));
    const otherDay = String(day === 1 ? 2 : day - 1).padStart(2, '0');
    const birthDate = `${isoDate(other.NgayThangNamSinh).slice(0, 8)}${otherDay}`;
    const differing = await verify(other.SoDinhDanh, other.fullName, birthDate);
    expect(differing.status).toBe(200);
    expect(differing.body).toEqual({
      requestId: expect.any(String),
      verdict: 'no-match',
      differingFields: ['birthDate'],
    });

    const db = new Client({ connectionString: databaseUrl(), options: `-c search_path=${env!.schema}` });
    await db.connect();
    try {
      const { rows } = await db.query<{ subject: string; details: { verdict: string } }>(
        `SELECT subject, details FROM audit_record WHERE stream = 'citizen-lookup' ORDER BY sequence`,
      );
      expect(rows.map((row) => [row.subject, row.details.verdict])).toEqual([
        [citizenIdHash(DEVELOPMENT_CITIZEN_ID_HASH_KEY, citizen.SoDinhDanh), 'match'],
        [citizenIdHash(DEVELOPMENT_CITIZEN_ID_HASH_KEY, other.SoDinhDanh), 'no-match'],
      ]);
    } finally {
      await db.end();
    }
  });
});
