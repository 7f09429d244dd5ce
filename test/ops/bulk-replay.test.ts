import { Topics } from '@lgsp/contracts';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import type { DossierRegisteredV1 } from '@lgsp/contracts';
import { BusConfig } from '@lgsp/config';
import { OutboxWriter, TopicNames } from '@lgsp/messaging';
import { DatabaseService, DeadLetterRepository } from '@lgsp/persistence';
import { DossierEvents } from '../../apps/gateway/dossiers/dossier-event.factory';
import type { BulkReplayView } from '../../apps/gateway/bulk-replays/bulk-replay.service';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

const PORTAL = 'national-portal';
const OPERATOR = { 'x-operator-id': 'le.van.cuong' };
/** The portal allows 300 calls/s; a replay may use 30 % of it, at most 3 calls per letter: 30 letters/s. */
const PORTAL_RATE = 300;
const SHARE = 0.3;
const LETTERS_PER_SECOND = (PORTAL_RATE * SHARE) / 3;
/** How far a call's arrival at the portal may drift from when the bucket let it go, on a loaded CI machine. */
const TRIP_JITTER_MS = 100;
const HELD = 250;
const MISSING = 250;
const LIVE = 60;

/** The most items of `times` (ms) within any `windowMs`. */
function busiest(times: number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while (sorted[end] - sorted[start] >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * A bulk replay of 500 dead letters toward the national portal runs at its share of the portal's rate while live
 * dossiers keep flowing, can be paused and resumed, reports its progress, and sends nothing the portal already holds:
 * half of the letters are events of dossiers the portal has (a resent registration), the other half never reached it.
 */
describe('a bulk replay of dead letters at the partner’s pace', () => {
  let bus: BusUnderTest;
  let db: DatabaseService;

  beforeAll(async () => {
    bus = await startBusUnderTest('bulk-replay', {
      NATIONAL_PORTAL_RATE_PER_SECOND: String(PORTAL_RATE),
      DEAD_LETTER_REPLAY_SHARE: String(SHARE),
    });
    db = bus.gateway.get(DatabaseService);
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
  });

  /** Dead letters of registrations, as the portal's connector leaves them when it gives up, bytes and all. */
  async function deadLetters(bodies: Record<string, unknown>[]): Promise<void> {
    const outbox = bus.gateway.get(OutboxWriter);
    const group = TopicNames.from(bus.gateway.get(BusConfig)).consumerGroup(PORTAL);
    const letters = bus.gateway.get(DeadLetterRepository);
    for (const [index, body] of bodies.entries()) {
      const envelope = DossierEvents.registered(body as unknown as DossierRegisteredV1, undefined);
      const entry = outbox.entryFor(Topics.dossierEvents, envelope);
      await letters.record({
        messageId: envelope.id,
        consumerGroup: group,
        topic: Topics.dossierEvents,
        sourceTopic: entry.topic,
        sourcePartition: 0,
        sourceOffset: String(index),
        key: envelope.key,
        headers: entry.headers,
        value: entry.value,
        reasonCode: 'partner_unavailable',
        reason: 'national-portal: retries spent during an outage',
        attempts: 4,
      });
    }
  }

  async function registerLive(count: number, from: number): Promise<string[]> {
    const codes: string[] = [];
    for (let index = from; index < from + count; index += 1) {
      const code = `H56.22-LIVE-${String(index).padStart(6, '0')}`;
      expect((await bus.api.post('/v1/dossiers', dossierRegistration(code, index))).status).toBe(202);
      codes.push(code);
    }
    return codes;
  }

  const progress = async (id: string): Promise<BulkReplayView> =>
    (await bus.api.get<BulkReplayView>(`/v1/ops/dead-letters/bulk-replays/${id}`)).data;

  it('stays under its share while live traffic flows, pauses, resumes, and skips what the portal holds', async () => {
    // Dossiers the portal holds, through the bus as usual; a resent registration of each is dead-lettered.
    const held = Array.from({ length: HELD }, (_, index) =>
      dossierRegistration(`H56.22-HELD-${String(index).padStart(6, '0')}`, index),
    );
    for (const body of held) expect((await bus.api.post('/v1/dossiers', body)).status).toBe(202);
    const heldCodes = held.map((body) => String(body.dossierCode));
    await expectEventually(
      async () => {
        const onPortal = await portalDossiers(bus);
        expect(heldCodes.filter((code) => !onPortal.has(code))).toEqual([]);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const missing = Array.from({ length: MISSING }, (_, index) =>
      dossierRegistration(`H56.22-MISS-${String(index).padStart(6, '0')}`, HELD + index),
    );
    await deadLetters([...held, ...missing]);
    const replayStarted = new Date().toISOString();

    const started = await bus.api.post<BulkReplayView & { audit: string }>(
      '/v1/ops/dead-letters/bulk-replays',
      { connector: PORTAL, reason: 'outage' },
      { headers: OPERATOR },
    );
    expect(started.status).toBe(201);
    expect(started.data).toMatchObject({
      state: 'running',
      total: HELD + MISSING,
      ratePerSecond: LETTERS_PER_SECOND,
    });
    expect(started.data.audit).toMatch(/^operator-action:\d+$/);
    const { id } = started.data;

    // Live dossiers meanwhile reach the portal at their own pace, well before the replay is done.
    const live = await registerLive(LIVE, 0);
    await expectEventually(
      async () => {
        const onPortal = await portalDossiers(bus);
        expect(live.filter((code) => !onPortal.has(code))).toEqual([]);
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect((await progress(id)).state).toBe('running');

    const paused = await bus.api.post<BulkReplayView>(
      `/v1/ops/dead-letters/bulk-replays/${id}/state`,
      { action: 'pause' },
      { headers: OPERATOR },
    );
    expect(paused.data.state).toBe('paused');
    const atPause = (await progress(id)).replayed;
    // While paused, more live dossiers go through and not one more letter is taken.
    const duringPause = await registerLive(20, LIVE);
    await expectEventually(
      async () => {
        const onPortal = await portalDossiers(bus);
        expect(duringPause.filter((code) => !onPortal.has(code))).toEqual([]);
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect((await progress(id)).replayed).toBe(atPause);
    expect(atPause).toBeLessThan(HELD + MISSING);

    const resumed = await bus.api.post<BulkReplayView>(
      `/v1/ops/dead-letters/bulk-replays/${id}/state`,
      { action: 'resume' },
      { headers: OPERATOR },
    );
    expect(resumed.data.state).toBe('running');
    await expectEventually(
      async () => {
        expect(await progress(id)).toMatchObject({
          state: 'finished',
          replayed: HELD + MISSING,
          failed: 0,
          remaining: 0,
        });
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

    // Every letter went at the replay's pace, never faster.
    const resolved = await db.query<{ at: Date }>(
      `SELECT resolved_at AS at FROM dead_letter WHERE resolution_note LIKE $1`,
      [`replayed by bulk replay ${id}%`],
    );
    expect(resolved).toHaveLength(HELD + MISSING);
    expect(busiest(resolved.map((row) => row.at.getTime()))).toBeLessThanOrEqual(LETTERS_PER_SECOND + 1);

    // The missing dossiers reach the portal once; those it held are not sent again (asked about first).
    await expectEventually(
      async () => {
        const onPortal = await portalDossiers(bus);
        const missingCodes = missing.map((body) => String(body.dossierCode));
        expect(missingCodes.filter((code) => onPortal.get(code)?.syncCount !== 1)).toEqual([]);
        expect(heldCodes.filter((code) => onPortal.get(code)?.syncCount !== 1)).toEqual([]);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    // The portal saw the replay's calls within its share of its rate.
    const replayCalls: number[] = [];
    for (const prefix of ['H56.22-HELD-', 'H56.22-MISS-']) {
      const { data } = await bus.portalAdmin.get<{ requests: { at: string }[] }>('/admin/received', {
        params: { contains: prefix, limit: 10_000 },
      });
      for (const request of data.requests) {
        if (Date.parse(request.at) >= Date.parse(replayStarted)) replayCalls.push(Date.parse(request.at));
      }
    }
    expect(replayCalls.length).toBeGreaterThan(0);
    // The connector's replay bucket holds them to its rate plus the one token it may keep. Measured where they
    // arrive, over two seconds: a call's trip to the portal, and a pause of the simulator's event loop on a busy
    // machine, move calls across a window's edge, so up to TRIP_JITTER_MS worth of calls is allowed on top.
    const replayRate = PORTAL_RATE * SHARE;
    expect(busiest(replayCalls, 2_000)).toBeLessThanOrEqual(
      2 * replayRate + 1 + Math.ceil((replayRate * TRIP_JITTER_MS) / 1_000),
    );
  }, 240_000);

  it('answers a bad request with a problem naming the field', async () => {
    const tooMuch = await bus.api.post(
      '/v1/ops/dead-letters/bulk-replays',
      { connector: PORTAL, share: 0.9 },
      { headers: OPERATOR },
    );
    expect(tooMuch.status).toBe(400);
    expect(JSON.stringify(tooMuch.data)).toContain('share');
    const unknown = await bus.api.post(
      '/v1/ops/dead-letters/bulk-replays',
      { connector: 'nowhere' },
      { headers: OPERATOR },
    );
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.data)).toContain('connector');
    const finished = await bus.api.get<{ bulkReplays: BulkReplayView[] }>(
      '/v1/ops/dead-letters/bulk-replays',
    );
    const done = finished.data.bulkReplays[0];
    const resume = await bus.api.post(
      `/v1/ops/dead-letters/bulk-replays/${done.id}/state`,
      { action: 'resume' },
      { headers: OPERATOR },
    );
    expect(resume.status).toBe(409);
  });
});
