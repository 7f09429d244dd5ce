import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditRecord, auditChainSql, verifyChain } from '@lgsp/audit';
import {
  applicantNameFor,
  dossierRegistration,
  personalIdFor,
} from '@lgsp/contracts/examples/dossier.examples';
import { DatabaseService } from '@lgsp/persistence';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

interface Letter {
  id: string;
  key: string;
  connector: string;
  reasonCode: string;
  reason: string;
  status: string;
  resolutionNote: string | null;
}

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const BASE = Date.UTC(2026, 10, 1, 1, 0, 0);
const PATH = '/v1/ops/dead-letters';
/** The bus's test client and the person at it, as the audit names them. */
const ALICE = { 'X-Operator-Id': 'alice' };
const ACTOR = 'one-stop-under-test/alice';
const [REPLAYED, DISCARDED, FILTERED] = ['H56.22-DLQ-000001', 'H56.22-DLQ-000002', 'H56.22-DLQ-000003'];

/**
 * Operators' dead letters through the gateway: three registrations the national portal refused (HTTP 500) until
 * their retries ran out are listed, inspected with personal data masked, replayed (twice at once: applied once),
 * discarded, and each action is in the operator-action chain.
 */
describe('dead letters: list, inspect, replay and discard through the gateway, audited', () => {
  let bus: BusUnderTest;
  let reader: { authorization: string };
  let db: DatabaseService;

  beforeAll(async () => {
    bus = await startBusUnderTest('dead-letters', {
      KAFKA_IN_PLACE_RETRIES: '0',
      KAFKA_RETRY_DELAYS_MS: '300,300',
      // The feed poller shares the portal's breaker; quiet, it cannot open it while the portal fails on purpose.
      NATIONAL_PORTAL_FEED_POLL_MS: '600000',
    });
    db = bus.gateway.get(DatabaseService);
    const client = await createTestClient(bus.env.schema, { clientId: 'ops-reader', scopes: ['ops:read'] });
    reader = bearer(await requestToken(listeningUrl(bus.gateway), client));
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function list(params: Record<string, string | number> = {}): Promise<Letter[]> {
    const answer = await bus.api.get<{ deadLetters: Letter[] }>(PATH, { params });
    expect(answer.status).toBe(200);
    return answer.data.deadLetters;
  }

  const letterOf = async (key: string): Promise<Letter> =>
    (await list({ status: 'open' })).find((letter) => letter.key === key) as Letter;

  async function operatorActions(): Promise<AuditRecord[]> {
    return db.transaction((tx) => auditChainSql.page(tx, 'operator-action', 0, 100));
  }

  it('lists the letters of registrations the portal kept refusing, and filters them', async () => {
    await bus.simulators.controls.nationalPortal.set({ errorRate: 1, errorReply: 'http500' });
    for (const [index, code] of [REPLAYED, DISCARDED, FILTERED].entries()) {
      expect((await bus.api.post('/v1/dossiers', dossierRegistration(code, index + 1, BASE))).status).toBe(
        202,
      );
    }
    const letters = await expectEventually(
      async () => {
        const open = await list({ status: 'open' });
        expect(open.map((letter) => letter.key).sort()).toEqual([REPLAYED, DISCARDED, FILTERED]);
        return open;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await bus.simulators.controls.nationalPortal.clear();
    const [{ connector, reasonCode }] = letters;
    expect(new Set(letters.map((letter) => letter.connector))).toEqual(new Set([connector]));
    expect(await list({ connector, reason: reasonCode, status: 'open' })).toHaveLength(3);
    expect(await list({ reason: 'HTTP 500' })).toHaveLength(3);
    expect(await list({ connector: 'no-such-connector' })).toEqual([]);
    expect(await list({ from: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);
    expect(await list({ to: new Date(Date.now() + 3_600_000).toISOString(), limit: 2 })).toHaveLength(2);
    const malformed = await bus.api.get(PATH, { params: { from: '2026-11-01 10:00', status: 'lost' } });
    expect(malformed.status).toBe(400);
    expect(malformed.data.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'from',
      'status',
    ]);
    // Reading needs ops:read only.
    expect((await bus.api.get(PATH, { headers: reader })).status).toBe(200);
  });

  it('shows one letter with its payload, personal data masked', async () => {
    const letter = await letterOf(REPLAYED);
    const answer = await bus.api.get<{ payload: { applicant: Record<string, string> }; headers: object }>(
      `${PATH}/${letter.id}`,
      { headers: reader },
    );
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ id: letter.id, key: REPLAYED, status: 'open' });
    expect(answer.data.payload.applicant).toMatchObject({
      personalId: '[redacted]',
      fullName: '[redacted]',
      phone: '[redacted]',
    });
    expect(JSON.stringify(answer.data)).not.toContain(personalIdFor(1));
    expect(answer.data.payload).toMatchObject({ dossierCode: REPLAYED });
    expect((await bus.api.get(`${PATH}/999999999`)).status).toBe(404);
    expect((await bus.api.get(`${PATH}/not-an-id`)).status).toBe(400);
    // The name is in the payload's applicant, not in the listing.
    expect(JSON.stringify(await list())).not.toContain(applicantNameFor(1));
  });

  it('refuses changes without ops:write, without an operator, or with both ids and a filter', async () => {
    const letter = await letterOf(REPLAYED);
    const replay = (body: object, headers: object) =>
      bus.api.post<{ errors: { field: string }[] }>(`${PATH}/replay`, body, { headers });
    const forbidden = await replay({ ids: [letter.id] }, { ...reader, ...ALICE });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toContain('scope="ops:write"');
    const discard = await bus.api.post(
      `${PATH}/discard`,
      { ids: [letter.id], reason: 'not mine to discard' },
      { headers: { ...reader, ...ALICE } },
    );
    expect(discard.status).toBe(403);
    const fields = async (body: object, headers: object = ALICE): Promise<string[]> => {
      const answer = await replay(body, headers);
      expect(answer.status).toBe(400);
      return answer.data.errors.map((error) => error.field);
    };
    expect(await fields({ ids: [letter.id] }, {})).toEqual(['X-Operator-Id']);
    expect(await fields({ ids: [letter.id], connector: letter.connector })).toEqual(['connector']);
    expect(await fields({})).toEqual(['ids']);
    const noReason = await bus.api.post(`${PATH}/discard`, { ids: [letter.id] }, { headers: ALICE });
    expect(noReason.status).toBe(400);
    expect(new Set(noReason.data.errors.map((error: { field: string }) => error.field))).toEqual(
      new Set(['reason']),
    );
    expect(await letterOf(REPLAYED)).toMatchObject({ status: 'open' });
    expect(await operatorActions()).toEqual([]);
  });

  it('replays a letter asked twice at once: one copy, applied once by the portal, both audited', async () => {
    const letter = await letterOf(REPLAYED);
    const answers = await Promise.all(
      [1, 2].map(() => bus.api.post(`${PATH}/replay`, { ids: [letter.id] }, { headers: ALICE })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const replayed = answers.flatMap((answer) => answer.data.replayed as string[]);
    const notOpen = answers.flatMap((answer) => answer.data.notOpen as string[]);
    expect({ replayed, notOpen }).toEqual({ replayed: [letter.id], notOpen: [letter.id] });
    await expectEventually(async () =>
      expect((await portalDossiers(bus)).get(REPLAYED)).toMatchObject({ syncCount: 1 }),
    );
    const shown = await bus.api.get<Letter>(`${PATH}/${letter.id}`);
    expect(shown.data).toMatchObject({ status: 'replayed', resolutionNote: expect.stringContaining(ACTOR) });
    const records = (await operatorActions()).filter((record) => record.action === 'dead-letter-replay');
    expect(records.map((record) => [record.actor, record.details.ids])).toEqual([
      [ACTOR, [letter.id]],
      [ACTOR, []],
    ]);
    expect(records[0].details).toMatchObject({
      client: 'one-stop-under-test',
      operator: 'alice',
      requested: [letter.id],
    });
    // A later replay of a letter already replayed sends nothing.
    const again = await bus.api.post(`${PATH}/replay`, { ids: [letter.id] }, { headers: ALICE });
    expect(again.data).toMatchObject({ replayed: [], notOpen: [letter.id] });
    expect((await portalDossiers(bus)).get(REPLAYED)).toMatchObject({ syncCount: 1 });
  });

  it('discards a letter with its reason, in the letter and in the audit record', async () => {
    const letter = await letterOf(DISCARDED);
    const reason = 'the one-stop system registered it again under a new code';
    const answer = await bus.api.post(
      `${PATH}/discard`,
      { ids: [letter.id, '999999999'], reason },
      { headers: ALICE },
    );
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ discarded: [letter.id], notOpen: ['999999999'] });
    const [discarded] = await list({ status: 'discarded' });
    expect(discarded).toMatchObject({ id: letter.id, resolutionNote: expect.stringContaining(reason) });
    const record = (await operatorActions()).find((each) => each.action === 'dead-letter-discard');
    expect(record).toMatchObject({
      actor: ACTOR,
      subject: 'dead-letters',
      details: { ids: [letter.id], reason, client: 'one-stop-under-test', operator: 'alice' },
    });
    expect((await portalDossiers(bus)).has(DISCARDED)).toBe(false);
  });

  it('refuses a replay whose audit record cannot be written, and replays by filter once it can', async () => {
    const letter = await letterOf(FILTERED);
    const before = (await operatorActions()).length;
    await db.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`);
    await db.query(
      'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_record FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
    );
    try {
      const refused = await bus.api.post(`${PATH}/replay`, { ids: [letter.id] }, { headers: ALICE });
      expect(refused.status).toBe(500);
    } finally {
      await db.query('DROP TRIGGER refuse_audit ON audit_record');
      await db.query('DROP FUNCTION refuse_audit()');
    }
    expect(await letterOf(FILTERED)).toMatchObject({ status: 'open' });
    expect(await operatorActions()).toHaveLength(before);

    const filter = { connector: letter.connector, reason: letter.reasonCode, limit: 5 };
    const answer = await bus.api.post(`${PATH}/replay`, filter, { headers: ALICE });
    expect(answer.data).toMatchObject({ replayed: [letter.id], failed: [], notOpen: [], more: false });
    await expectEventually(async () =>
      expect((await portalDossiers(bus)).get(FILTERED)).toMatchObject({ syncCount: 1 }),
    );
    const records = await operatorActions();
    expect(records.at(-1)).toMatchObject({
      action: 'dead-letter-replay',
      details: { filter, ids: [letter.id] },
    });
    expect(await list({ status: 'open' })).toEqual([]);
    expect((await db.transaction((tx) => verifyChain(tx, 'operator-action'))).break).toBeUndefined();
  });

  it('does the same from the command line, through the gateway, as the operator’s own client', async () => {
    const operatorClient = await createTestClient(bus.env.schema, {
      clientId: 'ops-console',
      scopes: ['ops:read', 'ops:write'],
    });
    const command = async (...args: string[]): Promise<unknown> => {
      const { stdout } = await run(
        process.execPath,
        ['-r', '@swc-node/register', 'apps/gateway/dead-letters/dead-letters.cli.ts', ...args],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            LGSP_GATEWAY_URL: listeningUrl(bus.gateway),
            LGSP_CLIENT_ID: operatorClient.clientId,
            LGSP_CLIENT_SECRET: operatorClient.secret,
          },
          timeout: 60_000,
        },
      );
      return JSON.parse(stdout) as unknown;
    };
    const listed = (await command('list', '--status=discarded')) as { deadLetters: Letter[] };
    expect(listed.deadLetters.map((letter) => letter.key)).toEqual([DISCARDED]);
    const [{ id }] = listed.deadLetters;
    const shown = (await command('show', id)) as { payload: { applicant: Record<string, string> } };
    expect(shown.payload.applicant.personalId).toBe('[redacted]');
    expect(await command('replay', id, '--operator=ops-on-duty')).toMatchObject({
      replayed: [],
      notOpen: [id],
    });
    expect((await operatorActions()).at(-1)).toMatchObject({
      actor: 'ops-console/ops-on-duty',
      action: 'dead-letter-replay',
      details: { requested: [id], ids: [] },
    });
    await expect(command('discard', id)).rejects.toThrow(/usage: /);
  });
});
