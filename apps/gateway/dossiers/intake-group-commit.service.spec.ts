import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode, DossierRegisteredV1 } from '@lgsp/contracts';
import {
  DatabaseService,
  IdempotencyKeyRepository,
  StoredResponse,
  Transaction,
  idempotencyKeyOf,
} from '@lgsp/persistence';
import { ALL_AGENCIES, Principal, Scope } from '@lgsp/security';
import { Registry } from 'prom-client';
import { StaleEventRecorder } from '../stale-events/stale-event.recorder';
import { DossierIntakeService, IntakeItem, IntakeResult } from './dossier-intake.service';
import { IntakeGroupSettings } from './intake-group.config';
import { IntakeGroupCommit, IntakeRequest } from './intake-group-commit.service';

const ONE_STOP: Principal = {
  clientId: 'one-stop',
  scopes: new Set([Scope.DossierWrite]),
  agencies: [ALL_AGENCIES],
  citizenFields: [],
  rateLimitPerMinute: null,
};

const request = (code: string, key?: string, fingerprint = code): IntakeRequest => ({
  principal: ONE_STOP,
  command: { kind: 'dossier', body: { dossierCode: code } as DossierRegisteredV1 },
  correlationId: undefined,
  clientId: ONE_STOP.clientId,
  key,
  fingerprint,
});

/** Judges a code starting "refused" as a conflict and one starting "broken" as a row the database refuses. */
function judge(item: IntakeItem): IntakeResult {
  const code = item.command.body.dossierCode;
  if (code.startsWith('refused')) return new DomainError(DomainErrorCode.Conflict, `${code} cannot move`);
  return {
    dossierCode: code,
    eventId: `event-${code}`,
    eventType: 'dossier.registered',
    outcome: 'accepted',
    correlationId: 'c',
  };
}

function groupCommit(settings: Partial<IntakeGroupSettings>, database: { busy?: boolean } = {}) {
  const groups: string[][] = [];
  const stored = new Map<string, StoredResponse>();
  let gate: Promise<void> = Promise.resolve();
  const db = {
    transaction: async <T>(work: (tx: Transaction) => Promise<T>): Promise<T> => {
      if (database.busy) throw new DomainError(DomainErrorCode.Busy, 'database busy');
      return work({} as Transaction);
    },
  } as unknown as DatabaseService;
  const keys = {
    claimOrFindMany: (_tx: Transaction, asked: { clientId: string; key: string }[]) =>
      Promise.resolve(
        new Map(
          asked.flatMap((key) =>
            stored.has(idempotencyKeyOf(key))
              ? [[idempotencyKeyOf(key), stored.get(idempotencyKeyOf(key))!]]
              : [],
          ),
        ),
      ),
    storeMany: (_tx: Transaction, answers: { clientId: string; key: string; response: StoredResponse }[]) => {
      for (const answer of answers) stored.set(idempotencyKeyOf(answer), answer.response);
      return Promise.resolve();
    },
  } as unknown as IdempotencyKeyRepository;
  const intake = {
    acceptAll: async (_tx: Transaction, items: IntakeItem[]) => {
      const codes = items.map((item) => item.command.body.dossierCode);
      groups.push(codes);
      await gate;
      if (codes.some((code) => code.startsWith('broken'))) throw new Error('value too long');
      return items.map(judge);
    },
    committed: () => undefined,
  } as unknown as DossierIntakeService;
  const staleEvents = {
    record: () => Promise.resolve(),
    counted: () => undefined,
  } as unknown as StaleEventRecorder;
  const config = {
    slice: () => ({ windowMs: 1, maxSize: 100, concurrency: 4, ...settings }),
  } as unknown as BusConfig;
  const service = new IntakeGroupCommit(db, keys, intake, staleEvents, config, new Registry());
  return {
    service,
    groups,
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
  };
}

describe('IntakeGroupCommit', () => {
  it('judges calls arriving together as one group and answers each with its own outcome', async () => {
    const { service, groups } = groupCommit({ windowMs: 5 });
    const answers = await Promise.allSettled([
      service.submit(request('A-1')),
      service.submit(request('refused-2')),
      service.submit(request('A-3')),
    ]);
    expect(groups).toEqual([['A-1', 'refused-2', 'A-3']]);
    expect(answers[0]).toMatchObject({
      status: 'fulfilled',
      value: { status: 202, body: { dossierCode: 'A-1' } },
    });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { code: DomainErrorCode.Conflict } });
    expect(answers[2]).toMatchObject({
      status: 'fulfilled',
      value: { status: 202, body: { dossierCode: 'A-3' } },
    });
  });

  it('commits a lone call once its window has passed', async () => {
    const { service, groups } = groupCommit({ windowMs: 2 });
    await expect(service.submit(request('A-1'))).resolves.toMatchObject({ status: 202 });
    expect(groups).toEqual([['A-1']]);
  });

  it('starts a full group at once, without waiting for the window', async () => {
    const { service, groups } = groupCommit({ windowMs: 60_000, maxSize: 2 });
    await Promise.all([service.submit(request('A-1')), service.submit(request('A-2'))]);
    expect(groups).toEqual([['A-1', 'A-2']]);
  });

  it('gathers the calls arriving while the allowed groups commit into the next group', async () => {
    const { service, groups, hold } = groupCommit({ windowMs: 0, concurrency: 1 });
    const release = hold();
    const first = service.submit(request('A-1'));
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['A-2', 'A-3', 'A-4'].map((code) => service.submit(request(code)));
    release();
    await Promise.all([first, ...later]);
    expect(groups).toEqual([['A-1'], ['A-2', 'A-3', 'A-4']]);
  });

  it('keeps a dossier’s calls in arrival order: a call about a dossier in a committing group waits for it', async () => {
    const { service, groups, hold } = groupCommit({ windowMs: 0, concurrency: 2 });
    const release = hold();
    const calls = [
      service.submit(request('A-1')),
      service.submit(request('A-1')),
      service.submit(request('B-2')),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([['A-1'], ['B-2']]);
    release();
    await Promise.all(calls);
    expect(groups).toEqual([['A-1'], ['B-2'], ['A-1']]);
  });

  it('puts a key sent twice at once in two groups: the second call gets the first answer, with one effect', async () => {
    // One group at a time: two committing at once would queue on the key's lock, which this fake does not take.
    const { service, groups } = groupCommit({ windowMs: 5, concurrency: 1 });
    const [first, second] = await Promise.all([
      service.submit(request('A-1', 'key-1')),
      service.submit(request('A-1', 'key-1')),
    ]);
    expect(groups).toEqual([['A-1']]);
    expect(first).toMatchObject({ status: 202, replayed: false });
    expect(second).toEqual({ ...first, replayed: true });
  });

  it('refuses a key sent again with another request', async () => {
    const { service } = groupCommit({});
    await service.submit(request('A-1', 'key-1'));
    await expect(service.submit(request('A-2', 'key-1', 'other'))).rejects.toMatchObject({
      code: DomainErrorCode.Conflict,
    });
  });

  it('commits a failed group one call at a time, so only the call the database refused fails', async () => {
    const { service, groups } = groupCommit({ windowMs: 5 });
    const answers = await Promise.allSettled([
      service.submit(request('A-1')),
      service.submit(request('broken-2')),
    ]);
    expect(groups).toEqual([['A-1', 'broken-2'], ['A-1'], ['broken-2']]);
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('fails every call of a group alike when the database is busy, without trying them one by one', async () => {
    const { service, groups } = groupCommit({ windowMs: 5 }, { busy: true });
    const answers = await Promise.allSettled([
      service.submit(request('A-1')),
      service.submit(request('A-2')),
    ]);
    expect(groups).toEqual([]);
    expect(answers).toMatchObject([
      { status: 'rejected', reason: { code: DomainErrorCode.Busy } },
      { status: 'rejected', reason: { code: DomainErrorCode.Busy } },
    ]);
  });
});
