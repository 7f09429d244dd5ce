import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuditLog, AuditModule, auditChainSql, recordHash, verifyChain } from '@lgsp/audit';
import { BusConfig, BusConfigModule } from '@lgsp/config';
import { DatabaseService, PersistenceModule } from '@lgsp/persistence';
import { PROJECT_ROOT } from '../support/commands/command-process';
import { TamperableChain } from '../support/audit/chain-tampering';
import { createTestEnvironment, databaseUrl, TestEnvironment } from '../support/test-environment';

const run = promisify(execFile);

describe('audit record: concurrent appends form one chain per stream', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let second: DatabaseService;

  beforeAll(async () => {
    env = createTestEnvironment('audit');
    const moduleRef = await Test.createTestingModule({
      imports: [BusConfigModule.forRoot(env.overrides), PersistenceModule, AuditModule],
    }).compile();
    app = await moduleRef.init();
    second = new DatabaseService(app.get(BusConfig));
  });

  afterAll(async () => {
    await second?.onApplicationShutdown();
    await app?.close();
    await env?.release();
  });

  it('serialises 300 callers of two processes and in-transaction writers into one unbroken chain, group-committed', async () => {
    const db = app.get(DatabaseService);
    // Two writers with their own pools stand for two gateway replicas.
    const writers = [app.get(AuditLog), new AuditLog(second)];
    const lookups = Array.from({ length: 300 }, (_, index) =>
      writers[index % 2].append({
        stream: 'citizen-lookup',
        actor: `client-${index % 7}`,
        action: 'verify-citizen',
        subject: `lookup-${index}`,
        details: { purpose: 'dossier intake', index },
      }),
    );
    const inTransaction = Array.from({ length: 10 }, (_, index) =>
      db.transaction((tx) =>
        app.get(AuditLog).appendIn(tx, {
          stream: 'citizen-lookup',
          actor: 'in-transaction',
          action: 'verify-citizen',
          subject: `tx-${index}`,
          details: {},
        }),
      ),
    );
    const records = await Promise.all([...lookups, ...inTransaction]);

    expect(records.map((record) => record.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 310 }, (_, index) => index + 1),
    );
    const report = await db.transaction((tx) => verifyChain(tx, 'citizen-lookup'));
    expect(report).toMatchObject({ records: 310, head: { sequence: 310 } });
    expect(report.break).toBeUndefined();
    // Rows written by one transaction share its xmin: far fewer commits than appends.
    const [{ commits }] = await db.query<{ commits: string }>(
      `SELECT count(DISTINCT xmin::text) AS commits FROM audit_record WHERE stream = 'citizen-lookup'`,
    );
    expect(Number(commits)).toBeLessThan(100);
    // The other chains did not move.
    expect(await db.transaction((tx) => auditChainSql.head(tx, 'client-admin'))).toMatchObject({
      sequence: 0,
    });
  });

  it('refuses every action of a group commit that fails, and the chain stays as it was', async () => {
    const db = app.get(DatabaseService);
    const before = await db.transaction((tx) => auditChainSql.head(tx, 'payment-callback'));
    await db.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`);
    await db.query(
      'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_record FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
    );
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) =>
          app.get(AuditLog).append({
            stream: 'payment-callback',
            actor: 'vnpay',
            action: 'ipn',
            subject: `order-${index}`,
            details: {},
          }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(20).fill('rejected'));
    } finally {
      await db.query('DROP TRIGGER refuse_audit ON audit_record');
      await db.query('DROP FUNCTION refuse_audit()');
    }
    expect(await db.transaction((tx) => auditChainSql.head(tx, 'payment-callback'))).toEqual(before);
    const next = await app.get(AuditLog).append({
      stream: 'payment-callback',
      actor: 'vnpay',
      action: 'ipn',
      subject: 'order-after',
      details: {},
    });
    expect(next.sequence).toBe(1);
  });

  it('refuses an entry the record cannot hold to its caller alone; the others of its batch commit', async () => {
    const entry = (subject: string, details: Record<string, string | number>) =>
      app
        .get(AuditLog)
        .append({ stream: 'client-admin', actor: 'admin', action: 'client-update', subject, details });
    const outcomes = await Promise.allSettled([
      entry('client-1', { scope: 'dossiers:read' }),
      entry('client-2', { rateLimit: Number.NaN }),
      entry('client-3', { note: 'nul \u0000 inside' }),
      entry('client-4', { scope: 'dossiers:write' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(outcomes[1]).toMatchObject({
      reason: expect.objectContaining({ name: 'NonCanonicalValueError' }),
    });
    expect(outcomes[2]).toMatchObject({
      reason: expect.objectContaining({ name: 'NonCanonicalValueError' }),
    });
    const report = await app.get(DatabaseService).transaction((tx) => verifyChain(tx, 'client-admin'));
    expect(report).toMatchObject({ records: 2, head: { sequence: 2 } });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit records in the database', async () => {
    const db = app.get(DatabaseService);
    await expect(db.query(`UPDATE audit_record SET actor = 'someone' WHERE sequence = 1`)).rejects.toThrow(
      'audit_record is append-only: UPDATE refused',
    );
    await expect(db.query('DELETE FROM audit_record')).rejects.toThrow('append-only: DELETE refused');
    await expect(db.query('TRUNCATE audit_record')).rejects.toThrow('append-only: TRUNCATE refused');
  });
});

describe('audit record: verify names the first altered, inserted or deleted record', () => {
  let chain: TamperableChain;

  beforeEach(async () => {
    chain = await TamperableChain.create('audit-tamper');
    await chain.append('client-admin', 5);
  });

  afterEach(async () => {
    await chain?.close();
  });

  const verify = () => verifyChain(chain.client, 'client-admin');

  it('finds an intact chain intact', async () => {
    expect(await verify()).toMatchObject({ records: 5, head: { sequence: 5 } });
    expect((await verify()).break).toBeUndefined();
  });

  it('names a record whose content was altered', async () => {
    await chain.tamper((client) =>
      client.query(`UPDATE audit_record SET details = '{"scopes":["*"],"index":3}' WHERE sequence = 3`),
    );
    expect((await verify()).break).toMatchObject({ kind: 'altered', stream: 'client-admin', sequence: 3 });
  });

  it('names a record altered and rehashed (its successor no longer links to it)', async () => {
    await chain.tamper(async (client) => {
      const [third] = await auditChainSql.page(client, 'client-admin', 2, 1);
      const forged = { ...third, actor: 'someone-else' };
      await client.query(`UPDATE audit_record SET actor = $1, hash = $2 WHERE sequence = 3`, [
        forged.actor,
        recordHash(forged),
      ]);
    });
    expect((await verify()).break).toMatchObject({ kind: 'altered', sequence: 3 });
  });

  it('names a record inserted into the chain, correctly linked and hashed, with later ones renumbered', async () => {
    await chain.tamper(async (client) => {
      const [second] = await auditChainSql.page(client, 'client-admin', 1, 1);
      await chain.renumberFrom(client, 'client-admin', 3, 1);
      await chain.insertForged(client, {
        stream: 'client-admin',
        sequence: 3,
        occurredAt: new Date(),
        actor: 'intruder',
        action: 'client-update',
        subject: 'client-9',
        details: { scopes: ['*'] },
        previousHash: second.hash,
      });
    });
    expect((await verify()).break).toMatchObject({ kind: 'inserted', sequence: 3 });
  });

  it('names a record appended beyond the chain head', async () => {
    await chain.tamper(async (client) => {
      const [fifth] = await auditChainSql.page(client, 'client-admin', 4, 1);
      await chain.insertForged(client, {
        ...fifth,
        sequence: 6,
        actor: 'intruder',
        previousHash: fifth.hash,
      });
    });
    expect((await verify()).break).toMatchObject({ kind: 'inserted', sequence: 6 });
  });

  it('names a deleted record: from the middle, with later ones renumbered, and from the end', async () => {
    await chain.tamper((client) => client.query('DELETE FROM audit_record WHERE sequence = 3'));
    expect((await verify()).break).toMatchObject({ kind: 'deleted', sequence: 3 });

    await chain.tamper((client) => chain.renumberFrom(client, 'client-admin', 4, -1));
    expect((await verify()).break).toMatchObject({ kind: 'deleted', sequence: 3 });

    await chain.tamper((client) => client.query('DELETE FROM audit_record WHERE sequence >= 3'));
    expect((await verify()).break).toMatchObject({ kind: 'deleted', sequence: 3 });
  });

  it('prints each chain with `npm run audit -- verify`, exit code 1 naming a broken one', async () => {
    const cli = (args: string[]) =>
      run(process.execPath, ['-r', '@swc-node/register', 'libs/audit/audit.cli.ts', ...args], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl(), DATABASE_SCHEMA: chain.schema },
        timeout: 60_000,
      });
    const intact = await cli(['verify']);
    expect(intact.stdout).toContain('client-admin: intact, 5 records, head 5 ');
    expect(intact.stdout).toContain('operator-action: intact, 0 records, head 0 ');

    await chain.tamper((client) => client.query('DELETE FROM audit_record WHERE sequence = 2'));
    const broken = cli(['verify', '--stream', 'client-admin']);
    await expect(broken).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('client-admin: BROKEN at sequence 2 (deleted)'),
    });
    await expect(cli(['verify', '--stream', 'nonsense'])).rejects.toMatchObject({ code: 2 });
    await expect(
      run(process.execPath, ['-r', '@swc-node/register', 'libs/audit/audit.cli.ts', 'verify'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl(), DATABASE_SCHEMA: 'no_audit_here' },
      }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('schema no_audit_here holds no audit record'),
    });
  });
});
