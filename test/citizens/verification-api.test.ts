import { Scope } from '@lgsp/security';
import { bearer } from '../support/access/test-clients';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';
import { Script, received, startScriptedPopulation } from './scripted-population';

const DEADLINE_MS = 1_500;
const AGENCY = 'H56.01';

const body = (fullName: string, overrides: Record<string, unknown> = {}) => ({
  personalId: '001090012345',
  fullName,
  birthDate: '1990-05-17',
  purpose: {
    serviceCode: '1.001234',
    dossierCode: 'H56.01-260101-0001',
    agencyCode: AGENCY,
    officerCode: 'CB-017',
  },
  ...overrides,
});

describe('POST /v1/citizens/verifications (against a scripted population connector)', () => {
  const gateway = useGatewayUnderTest('citizens', { CITIZEN_VERIFICATION_DEADLINE_MS: String(DEADLINE_MS) });
  /** A clerk of one agency who may see two citizen fields; another who may see none. */
  let clerk: { authorization: string };
  let blind: { authorization: string };

  beforeAll(async () => {
    gateway.beside(await startScriptedPopulation(gateway.env.overrides));
    const asClient = async (clientId: string, citizenFields: string[]) =>
      bearer(
        await gateway.tokenOf(
          await gateway.createClient(clientId, {
            scopes: [Scope.CitizenVerify],
            agencies: [AGENCY],
            citizenFields,
          }),
        ),
      );
    clerk = await asClient('clerk', ['fullName', 'sex']);
    blind = await asClient('blind-clerk', []);
  });

  const verify = (auth: { authorization: string }, payload: object) =>
    gateway.http().post('/v1/citizens/verifications').set(auth).send(payload);

  it('answers match with only the citizen fields the client may see, and asks for no others', async () => {
    const response = await verify(clerk, body(Script.match));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/u),
      verdict: 'match',
      differingFields: [],
      citizen: { fullName: Script.match, sex: 'male' },
    });
    const asked = received.find((request) => request.requestId === response.body.requestId);
    expect(asked).toMatchObject({
      disclose: ['fullName', 'sex'],
      purpose: {
        serviceCode: '1.001234',
        dossierCode: 'H56.01-260101-0001',
        agencyCode: AGENCY,
        officerCode: 'CB-017',
      },
    });
  });

  it('answers the verdict alone to a client whose record lists no citizen fields', async () => {
    const response = await verify(blind, body(Script.match));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ requestId: expect.any(String), verdict: 'match', differingFields: [] });
  });

  it('answers no-match naming the field, and not-found', async () => {
    const differing = await verify(clerk, body(Script.differentName));
    expect(differing.status).toBe(200);
    expect(differing.body).toMatchObject({ verdict: 'no-match', differingFields: ['fullName'] });
    expect(differing.body.citizen).toBeUndefined();
    const nobody = await verify(clerk, body(Script.nobody));
    expect(nobody.status).toBe(200);
    expect(nobody.body).toMatchObject({ verdict: 'not-found', differingFields: [] });
  });

  it('takes a legacy 9-digit ID and a year-only birth date', async () => {
    const response = await verify(clerk, body(Script.nobody, { personalId: '012345678', birthDate: '1990' }));
    expect(response.status).toBe(200);
    expect(received.at(-1)).toMatchObject({ personalId: '012345678', birthDate: '1990' });
  });

  it('refuses a look-up without purpose or officer with 400 naming the field, and a malformed ID without quoting it', async () => {
    const { purpose, ...withoutPurpose } = body(Script.match);
    const noPurpose = await verify(clerk, withoutPurpose);
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'purpose' })]),
    );
    const noOfficer = await verify(
      clerk,
      body(Script.match, { purpose: { ...purpose, officerCode: undefined } }),
    );
    expect(noOfficer.status).toBe(400);
    expect(new Set(noOfficer.body.errors.map((error: { field: string }) => error.field))).toEqual(
      new Set(['purpose.officerCode']),
    );
    const badId = await verify(clerk, body(Script.match, { personalId: '0010900123' }));
    expect(badId.status).toBe(400);
    expect(badId.body.errors.map((error: { field: string }) => error.field)).toEqual(['personalId']);
    expect(JSON.stringify(badId.body)).not.toContain('0010900123');
  });

  it('refuses another agency’s look-up with 403 naming purpose.agencyCode', async () => {
    const { purpose } = body(Script.match);
    const response = await verify(
      clerk,
      body(Script.match, { purpose: { ...purpose, agencyCode: 'H56.99' } }),
    );
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'purpose.agencyCode' })]);
  });

  it('answers 503 with Retry-After at once while the population database is unavailable', async () => {
    const started = Date.now();
    const response = await verify(clerk, body(Script.breakerOpen));
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.verdict).toBeUndefined();
  });

  it('answers 504 at the deadline when the connector stays silent, naming no one', async () => {
    const started = Date.now();
    const response = await verify(clerk, body(Script.silent));
    const elapsed = Date.now() - started;
    expect(response.status).toBe(504);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(elapsed).toBeLessThan(DEADLINE_MS + 2_000);
    expect(JSON.stringify(response.body)).not.toMatch(/001090012345|Phạm Thị Dung/u);
  });

  it('needs a token with citizen:verify (401, 403)', async () => {
    const anonymous = await gateway.http().post('/v1/citizens/verifications').send(body(Script.match));
    expect(anonymous.status).toBe(401);
    const reader = await gateway.createClient('dossier-reader', {
      scopes: [Scope.DossierRead],
      agencies: [AGENCY],
    });
    const wrongScope = await verify(bearer(await gateway.tokenOf(reader)), body(Script.match));
    expect(wrongScope.status).toBe(403);
    // Looking up is not listing: citizen:verify does not open the data-subject listing.
    const listing = await gateway
      .http()
      .get('/v1/citizens/verifications')
      .query({ personalId: '001090012345', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })
      .set(clerk);
    expect(listing.status).toBe(403);
  });
});
