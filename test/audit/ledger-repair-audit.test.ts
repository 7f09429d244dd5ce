import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { auditChainSql, verifyChain } from '@lgsp/audit';
import { BusConfigModule } from '@lgsp/config';
import { DatabaseService, PersistenceModule } from '@lgsp/persistence';
import { ALL_AGENCIES, Principal, Scope } from '@lgsp/security';
import { LedgerRepairModule } from '../../apps/gateway/ledger-repair/ledger-repair.module';
import { LedgerRepairService } from '../../apps/gateway/ledger-repair/ledger-repair.service';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const HOUR = 3_600_000;
const CODE = 'H56.22-AUDIT-000001';

/** The operators' console client, as the access guard would hand it to the repair. */
const OPERATOR_CONSOLE: Principal = {
  clientId: 'ops-console',
  scopes: new Set([Scope.OpsRead, Scope.OpsWrite]),
  agencies: [ALL_AGENCIES],
  citizenFields: [],
  rateLimitPerMinute: null,
};
/** The audit's actor: the client, and the person at the console who sent X-Operator-Id. */
const ACTOR = 'ops-console/ops-on-duty';

/**
 * A ledger repair is an operator action: its record is appended to the operator-action chain in the repair's own
 * transaction, so a repair whose record cannot be written does not happen.
 */
describe('ledger repair: audited in the operator-action chain, fail-closed', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DatabaseService;
  let repairs: LedgerRepairService;
  const aheadAt = new Date(Date.now() + 20 * HOUR);

  beforeAll(async () => {
    env = createTestEnvironment('audit-repair');
    const moduleRef = await Test.createTestingModule({
      imports: [BusConfigModule.forRoot(env.overrides), PersistenceModule, LedgerRepairModule],
    }).compile();
    app = await moduleRef.init();
    db = app.get(DatabaseService);
    repairs = app.get(LedgerRepairService);
    await db.query(
      `INSERT INTO dossier_ledger (dossier_code, procedure_code, agency_code, status, status_occurred_at,
                                   last_event_id, updated_at)
       VALUES ($1, '1.001', 'H56', 1, $2, $3, now() - interval '1 hour')`,
      [CODE, aheadAt, randomUUID()],
    );
  });

  afterAll(async () => {
    await app?.close();
    await env?.release();
  });

  const ledgerTime = async (): Promise<Date> =>
    (
      await db.query<{ status_occurred_at: Date }>(
        'SELECT status_occurred_at FROM dossier_ledger WHERE dossier_code = $1',
        [CODE],
      )
    )[0].status_occurred_at;

  it('refuses the repair and leaves the ledger unchanged when its audit record cannot be written', async () => {
    await db.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`);
    await db.query(
      'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_record FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
    );
    try {
      await expect(
        repairs.repair(CODE, OPERATOR_CONSOLE, ACTOR, { reason: 'clock ran fast' }),
      ).rejects.toThrow('audit storage unavailable');
    } finally {
      await db.query('DROP TRIGGER refuse_audit ON audit_record');
      await db.query('DROP FUNCTION refuse_audit()');
    }
    expect(await ledgerTime()).toEqual(aheadAt);
    const traced = await db.query(`SELECT 1 FROM dossier_trace WHERE dossier_code = $1`, [CODE]);
    expect(traced).toEqual([]);
    expect(await db.transaction((tx) => auditChainSql.head(tx, 'operator-action'))).toMatchObject({
      sequence: 0,
    });
  });

  it('appends the repair to the operator-action chain and lists it after repairs audited before the chain', async () => {
    await db.query(
      `INSERT INTO ledger_repair_audit (dossier_code, operator, reason, before, after, repaired_at)
       VALUES ($1, 'earlier-operator', 'repaired before the chain', '{}', '{}', now() - interval '1 day')`,
      [CODE],
    );
    const repair = await repairs.repair(CODE, OPERATOR_CONSOLE, ACTOR, { reason: 'clock ran fast' });
    expect(repair).toMatchObject({ id: 'operator-action:1', operator: ACTOR, dossierCode: CODE });
    expect(await ledgerTime()).not.toEqual(aheadAt);

    const [record] = await db.transaction((tx) =>
      auditChainSql.ofSubject(tx, 'operator-action', 'ledger-repair', CODE),
    );
    expect(record).toMatchObject({
      sequence: 1,
      actor: ACTOR,
      details: {
        reason: 'clock ran fast',
        before: { ledgerOccurredAt: aheadAt.toISOString() },
        after: { ledgerOccurredAt: repair.after.ledgerOccurredAt },
      },
    });
    expect((await db.transaction((tx) => verifyChain(tx, 'operator-action'))).break).toBeUndefined();
    expect((await repairs.history(CODE)).map((entry) => entry.operator)).toEqual(['earlier-operator', ACTOR]);
  });
});
