import { TestingModule } from '@nestjs/testing';
import axios from 'axios';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { NationalPortalSyncService } from '@lgsp/adapters/national-portal';
import { DomainError, DomainErrorCode, DossierRegisteredV1 } from '@lgsp/contracts';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { InboundMessage } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { ConnectorGuard } from '@lgsp/resilience';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';
import { DossierEvents } from '../../apps/gateway/dossiers/dossier-event.factory';
import { startPortalHandlers } from '../support/e2e/portal-handlers';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';

/** As many portal handlers at once as the pool has connections: the case that deadlocked. */
const POOL = 3;

/** Fails if `promise` is still pending after `ms`: a handler waiting for a second connection never ends. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The portal's guard, except that its second call fails the way a portal outage does. */
function failingSecondCall(guard: ConnectorGuard): ConnectorGuard {
  let calls = 0;
  const flaky = Object.create(guard) as ConnectorGuard;
  flaky.run = (action) => {
    calls += 1;
    if (calls === 2)
      return Promise.reject(new DomainError(DomainErrorCode.PartnerUnavailable, 'portal answered 503'));
    return guard.run(action);
  };
  return flaky;
}

describe('national portal handlers: one database connection each', () => {
  const base = Date.now() - 3_600_000;
  let simulators: RunningSimulators;
  let env: TestEnvironment;
  let app: TestingModule;
  let db: DatabaseService;
  let sync: NationalPortalSyncService;
  let guard: ConnectorGuard;

  beforeAll(async () => {
    simulators = await startSimulators({ logLevels: ['error'] });
    env = createTestEnvironment('pooluse', {
      NATIONAL_PORTAL_URL: simulators.urls.nationalPortal,
      CONNECTORS: 'national-portal',
      KAFKA_PARTITIONS_CONCURRENCY: '1',
      DATABASE_POOL_SIZE: String(POOL),
    });
    ({ app, db, sync, guard } = await startPortalHandlers(env.overrides));
  });

  afterAll(async () => {
    await app?.close();
    await simulators?.close();
    await env?.release();
  });

  const registration = (code: string, minutes: number): DossierRegisteredV1 =>
    dossierRegistration(code, minutes, base + minutes * 60_000) as unknown as DossierRegisteredV1;

  const inbound = (envelope: InboundMessage['envelope'], attempt: number): InboundMessage => ({
    envelope,
    topic: 'dossier.events',
    partition: 0,
    offset: '0',
    attempt,
    signal: new AbortController().signal,
  });

  const syncsOf = async (code: string): Promise<boolean[]> => {
    const { data } = await axios.get<{ syncs: { isUpdating: boolean }[] }>(
      `${simulators.urls.nationalPortal}/admin/portal/dossiers/${code}`,
      { headers: { [ADMIN_TOKEN_HEADER]: simulators.adminToken } },
    );
    return data.syncs.map((applied) => applied.isUpdating);
  };

  it('retried events (which look up the calls already made) finish with all connections in use', async () => {
    const codes = Array.from({ length: POOL }, (_, index) => `H56.22-POOL-RETRY-${index}`);
    const handlers = codes.map((code) =>
      db.transaction((tx) =>
        sync.apply([inbound(DossierEvents.registered(registration(code, 1), undefined), 1)], guard, tx),
      ),
    );
    await within(20_000, Promise.all(handlers));
    for (const code of codes) expect(await syncsOf(code)).toEqual([false]);
  });

  it('records the calls made before a failure on its own connection, so the retry leaves them out', async () => {
    const codes = Array.from({ length: POOL }, (_, index) => `H56.22-POOL-FAIL-${index}`);
    const runOf = (code: string): InboundMessage['envelope'][] => [
      DossierEvents.registered(registration(code, 1), undefined),
      DossierEvents.updated(registration(code, 2), undefined),
    ];
    const runs = new Map(codes.map((code) => [code, runOf(code)]));
    // First try: the registration reaches the portal, the update's call fails; the transaction rolls back.
    const first = await within(
      20_000,
      Promise.allSettled(
        codes.map((code) =>
          db.transaction((tx) =>
            sync.apply(
              runs.get(code)!.map((envelope) => inbound(envelope, 0)),
              failingSecondCall(guard),
              tx,
            ),
          ),
        ),
      ),
    );
    for (const outcome of first) {
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: { code: DomainErrorCode.PartnerUnavailable },
      });
    }
    // The retry sends only the update: the portal never sees the registration twice.
    await within(
      20_000,
      Promise.all(
        codes.map((code) =>
          db.transaction((tx) =>
            sync.apply(
              runs.get(code)!.map((envelope) => inbound(envelope, 1)),
              guard,
              tx,
            ),
          ),
        ),
      ),
    );
    for (const code of codes) expect(await syncsOf(code)).toEqual([false, true]);
  });
});
