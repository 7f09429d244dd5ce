import { Client } from 'pg';
import { verifyChain } from '@lgsp/audit';
import { Scope } from '@lgsp/security';
import { citizenIdHash } from '../../apps/gateway/citizens/citizen-id-hash';
import { DEVELOPMENT_CITIZEN_ID_HASH_KEY } from '../../apps/gateway/citizens/citizen-verification.config';
import { bearer } from '../support/access/test-clients';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';
import { databaseUrl } from '../support/test-environment';
import { Script, startScriptedPopulation } from './scripted-population';

const AGENCY = 'H56.02';
const PERSON = '001090054321';
const OTHER_PERSON = '079190054321';

interface AuditRow {
  sequence: string;
  actor: string;
  subject: string;
  details: Record<string, unknown>;
}

const body = (personalId: string, fullName: string, dossierCode = 'H56.02-260101-0001') => ({
  personalId,
  fullName,
  birthDate: '1990-05-17',
  purpose: { serviceCode: '1.001234', dossierCode, agencyCode: AGENCY, officerCode: 'CB-042' },
});

describe('citizen look-ups in the citizen-lookup audit chain', () => {
  const gateway = useGatewayUnderTest('citizen-audit');
  let db: Client;
  let clerk: { authorization: string };
  let operator: { authorization: string };

  beforeAll(async () => {
    gateway.beside(await startScriptedPopulation(gateway.env.overrides));
    db = new Client({ connectionString: databaseUrl(), options: `-c search_path=${gateway.env.schema}` });
    await db.connect();
    const tokenFor = async (clientId: string, scopes: string[]) =>
      bearer(await gateway.tokenOf(await gateway.createClient(clientId, { scopes, agencies: [AGENCY] })));
    clerk = await tokenFor('audited-clerk', [Scope.CitizenVerify]);
    operator = await tokenFor('dpo', [Scope.OpsRead]);
  });

  afterAll(async () => {
    await db?.end();
  });

  const verify = (payload: object) =>
    gateway.http().post('/v1/citizens/verifications').set(clerk).send(payload);
  const lookupsOf = (personalId: string, from: Date, to: Date) =>
    gateway
      .http()
      .get('/v1/citizens/verifications')
      .query({ personalId, from: from.toISOString(), to: to.toISOString() })
      .set(operator);
  const records = async (): Promise<AuditRow[]> =>
    (
      await db.query<AuditRow>(
        `SELECT sequence, actor, subject, details FROM audit_record WHERE stream = 'citizen-lookup' ORDER BY sequence`,
      )
    ).rows;
  const chain = () =>
    db.query('BEGIN').then(async () => {
      try {
        return await verifyChain(db, 'citizen-lookup');
      } finally {
        await db.query('COMMIT');
      }
    });

  it('records each look-up before answering, under a keyed hash: no ID or name in clear', async () => {
    const before = (await records()).length;
    const answered = await verify(body(PERSON, Script.differentName));
    expect(answered.status).toBe(200);
    const unavailable = await verify(body(PERSON, Script.breakerOpen));
    expect(unavailable.status).toBe(503);
    const written = (await records()).slice(before);
    expect(written).toEqual([
      {
        sequence: expect.any(String),
        actor: 'audited-clerk',
        subject: citizenIdHash(DEVELOPMENT_CITIZEN_ID_HASH_KEY, PERSON),
        details: {
          officerCode: 'CB-042',
          purpose: { serviceCode: '1.001234', dossierCode: 'H56.02-260101-0001', agencyCode: AGENCY },
          verdict: 'no-match',
          requestId: answered.body.requestId,
          correlationId: expect.any(String),
          disclosed: [],
        },
      },
      expect.objectContaining({ details: expect.objectContaining({ verdict: 'unavailable' }) }),
    ]);
    const stored = JSON.stringify(await records());
    expect(stored).not.toContain(PERSON);
    expect(stored).not.toContain(Script.differentName);
    expect(stored).not.toContain(Script.breakerOpen);
  });

  it('refuses the look-up (503, no verdict) when its audit record cannot be written', async () => {
    await db.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`);
    await db.query(
      'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_record FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
    );
    try {
      const refused = await verify(body(PERSON, Script.match));
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.verdict).toBeUndefined();
      expect(refused.body.citizen).toBeUndefined();
      expect(JSON.stringify(refused.body)).not.toContain(PERSON);
    } finally {
      await db.query('DROP TRIGGER refuse_audit ON audit_record');
      await db.query('DROP FUNCTION refuse_audit()');
    }
  });

  it('lists exactly one person’s look-ups in the period, oldest first', async () => {
    const start = new Date();
    const first = await verify(body(PERSON, Script.match, 'H56.02-260101-0101'));
    const other = await verify(body(OTHER_PERSON, Script.match, 'H56.02-260101-0102'));
    const middle = new Date();
    const second = await verify(body(PERSON, Script.nobody, 'H56.02-260101-0103'));
    const end = new Date(Date.now() + 1);
    expect([first.status, other.status, second.status]).toEqual([200, 200, 200]);

    const whole = await lookupsOf(PERSON, start, end);
    expect(whole.status).toBe(200);
    expect(whole.body).toEqual({
      truncated: false,
      lookups: [
        expect.objectContaining({
          requestId: first.body.requestId,
          verdict: 'match',
          clientId: 'audited-clerk',
        }),
        expect.objectContaining({
          requestId: second.body.requestId,
          verdict: 'not-found',
          officerCode: 'CB-042',
        }),
      ],
    });
    expect(whole.body.lookups[0].purpose).toEqual({
      serviceCode: '1.001234',
      dossierCode: 'H56.02-260101-0101',
      agencyCode: AGENCY,
    });
    const early = await lookupsOf(PERSON, start, middle);
    expect(early.body.lookups.map((lookup: { requestId: string }) => lookup.requestId)).toEqual([
      first.body.requestId,
    ]);
    const otherOnes = await lookupsOf(OTHER_PERSON, start, end);
    expect(otherOnes.body.lookups.map((lookup: { requestId: string }) => lookup.requestId)).toEqual([
      other.body.requestId,
    ]);
  });

  it('refuses a listing with a malformed period, naming the field', async () => {
    const badFrom = await gateway
      .http()
      .get('/v1/citizens/verifications')
      .query({ personalId: PERSON, from: 'yesterday', to: '2027-01-01T00:00:00Z' })
      .set(operator);
    expect(badFrom.status).toBe(400);
    expect(badFrom.body.errors.map((error: { field: string }) => error.field)).toEqual(['from']);
    const backwards = await lookupsOf(
      PERSON,
      new Date('2027-01-01T00:00:00Z'),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((error: { field: string }) => error.field)).toEqual(['to']);
    const anonymous = await gateway.http().get('/v1/citizens/verifications').query({ personalId: PERSON });
    expect(anonymous.status).toBe(401);
  });

  it('detects a look-up record altered behind the application’s back', async () => {
    expect((await chain()).break).toBeUndefined();
    const [victim] = await records();
    await db.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
    try {
      await db.query(
        `UPDATE audit_record SET details = jsonb_set(details, '{officerCode}', '"someone-else"')
          WHERE stream = 'citizen-lookup' AND sequence = $1`,
        [victim.sequence],
      );
    } finally {
      await db.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
    }
    expect((await chain()).break).toMatchObject({ kind: 'altered', sequence: Number(victim.sequence) });
  });
});
