import { INestApplication } from '@nestjs/common';
import axios from 'axios';
import request from 'supertest';
import { Client } from 'pg';
import { Scope } from '@lgsp/security';
import { listeningUrl, startGateway } from '../../apps/gateway/gateway.bootstrap';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';
import { startWorker } from '../../apps/worker/worker.bootstrap';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { ResettingProxy, startResettingProxy } from '../support/chaos/resetting-proxy';
import { isoDate, sampleCitizens } from '../support/citizens/population-under-test';
import { TestEnvironment, createTestEnvironment, databaseUrl } from '../support/test-environment';

const AGENCY = 'H56.03';
const LOOK_UPS = 40;

/**
 * Connections to NGSP reset in the middle of its answers: a look-up whose answer was cut gets no verdict (503),
 * never a wrong one or a 500, and every look-up, answered or not, leaves its audit record.
 */
describe('citizen verification: connections to the population database reset mid-answer', () => {
  let simulators: RunningSimulators | undefined;
  let proxy: ResettingProxy | undefined;
  let env: TestEnvironment | undefined;
  let gateway: INestApplication | undefined;
  let worker: INestApplication | undefined;

  beforeAll(async () => {
    simulators = await startSimulators({ logLevels: ['error'] });
    proxy = await startResettingProxy(simulators.urls.populationDatabase);
    env = createTestEnvironment('citizen-resets', { NGSP_URL: proxy.url, CONNECTORS: 'population-database' });
    gateway = await startGateway(env.overrides);
    worker = await startWorker(env.overrides);
  });

  afterAll(async () => {
    await gateway?.close();
    await worker?.close();
    await proxy?.close();
    await simulators?.close();
    await env?.release();
  });

  it('answers each look-up with its true verdict or 503, and audits every one', async () => {
    const client = await createTestClient(env!.schema, {
      clientId: 'resets-clerk',
      scopes: [Scope.CitizenVerify],
      agencies: [AGENCY],
    });
    const clerk = bearer(await requestToken(listeningUrl(gateway!), client));
    const admin = axios.create({
      baseURL: simulators!.urls.populationDatabase,
      headers: { [ADMIN_TOKEN_HEADER]: simulators!.adminToken },
    });
    const citizens = await sampleCitizens(admin, LOOK_UPS);
    proxy!.setResetRate(0.3);
    const statuses: number[] = [];
    for (const [index, citizen] of citizens.entries()) {
      const answer = await request(gateway!.getHttpServer())
        .post('/v1/citizens/verifications')
        .set(clerk)
        .send({
          personalId: citizen.SoDinhDanh,
          fullName: citizen.fullName,
          birthDate: isoDate(citizen.NgayThangNamSinh),
          purpose: {
            serviceCode: '1.001193',
            dossierCode: `H56.03-260101-${String(index).padStart(4, '0')}`,
            agencyCode: AGENCY,
            officerCode: 'canbo01',
          },
        });
      statuses.push(answer.status);
      if (answer.status === 200) expect(answer.body).toMatchObject({ verdict: 'match' });
    }
    expect(proxy!.resets()).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);

    const db = new Client({ connectionString: databaseUrl(), options: `-c search_path=${env!.schema}` });
    await db.connect();
    try {
      const { rows } = await db.query<{ verdict: string }>(
        `SELECT details->>'verdict' AS verdict FROM audit_record WHERE stream = 'citizen-lookup' ORDER BY sequence`,
      );
      expect(rows).toHaveLength(LOOK_UPS);
      expect(rows.filter((row) => row.verdict === 'match')).toHaveLength(
        statuses.filter((status) => status === 200).length,
      );
    } finally {
      await db.end();
    }
  });
});
