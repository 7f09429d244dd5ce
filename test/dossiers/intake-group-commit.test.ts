import request from 'supertest';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { DatabaseService } from '@lgsp/persistence';
import { metricsListeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';
import { metricValue } from '../support/metrics/metric-value';

/** Sum and count of the group-size histogram: how many calls went through how many transactions. */
function groupSizes(metrics: string): { calls: number; groups: number } {
  return {
    calls: metricValue(metrics, 'lgsp_gateway_intake_group_size_sum'),
    groups: metricValue(metrics, 'lgsp_gateway_intake_group_size_count'),
  };
}

describe('gateway: single calls arriving together are committed as a group', () => {
  // A wide window, so the calls of this test certainly meet; production's default is 1 ms.
  const { app, http, auth } = useGatewayUnderTest('groupcommit', { INTAKE_GROUP_WINDOW_MS: '50' });
  const base = Date.UTC(2025, 6, 1, 1, 0, 0);
  const code = (name: string): string => `H56.22-GROUP-${name}`;

  it('answers each call with its own outcome and writes each accepted event once', async () => {
    const db = app().get(DatabaseService);
    // Set-up, one call at a time: a dossier already finished, and one already at a later status.
    const finished = code('FINISHED');
    await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(finished, 1, base))
      .expect(202);
    await http()
      .post(`/v1/dossiers/${finished}/status-changes`)
      .set(auth())
      .send(statusChange(finished, 3, 5, base))
      .expect(202);
    const ahead = code('AHEAD');
    await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(ahead, 2, base))
      .expect(202);
    await http()
      .post(`/v1/dossiers/${ahead}/status-changes`)
      .set(auth())
      .send(statusChange(ahead, 2, 30, base))
      .expect(202);
    const before = groupSizes((await request(metricsListeningUrl(app())).get('/metrics')).text);

    const fresh = Array.from({ length: 30 }, (_, index) => code(`NEW-${index}`));
    const retried = code('RETRIED');
    const calls = [
      ...fresh.map((dossier, index) =>
        http()
          .post('/v1/dossiers')
          .set(auth())
          .send(dossierRegistration(dossier, index, base)),
      ),
      http()
        .post(`/v1/dossiers/${finished}/status-changes`)
        .set(auth())
        .send(statusChange(finished, 4, 6, base)),
      http()
        .post(`/v1/dossiers/${code('NEVER-REGISTERED')}/status-changes`)
        .set(auth())
        .send(statusChange(code('NEVER-REGISTERED'), 2, 1, base)),
      http()
        .post(`/v1/dossiers/${ahead}/status-changes`)
        .set(auth())
        .send(statusChange(ahead, 2, 10, base)),
      ...[1, 2].map(() =>
        http()
          .post('/v1/dossiers')
          .set({ ...auth(), 'idempotency-key': 'group-commit-retried' })
          .send(dossierRegistration(retried, 99, base)),
      ),
    ];
    const answers: request.Response[] = await Promise.all(
      calls.map((call) => call.then((response) => response)),
    );
    const [finishedAnswer, unknownAnswer, staleAnswer, firstTry, secondTry] = answers.slice(fresh.length);

    const registered = answers.slice(0, fresh.length);
    expect(
      registered.map((answer): unknown[] => [
        answer.status,
        (answer.body as { dossierCode: string }).dossierCode,
      ]),
    ).toEqual(fresh.map((dossier) => [202, dossier]));
    expect(finishedAnswer.status).toBe(409);
    expect(finishedAnswer.body.detail).toMatch(/terminal/);
    expect(unknownAnswer.status).toBe(404);
    expect(staleAnswer.status).toBe(202);
    expect(staleAnswer.body.outcome).toBe('stale');
    // The same key twice at once: one effect, and the second caller gets the first answer back.
    expect([firstTry.status, secondTry.status]).toEqual([202, 202]);
    expect(secondTry.body).toEqual(firstTry.body);
    expect(
      [firstTry.headers['idempotent-replayed'], secondTry.headers['idempotent-replayed']].sort(),
    ).toEqual(['true', undefined]);

    const outbox = await db.query<{ message_key: string; count: string }>(
      `SELECT message_key, count(*) AS count FROM outbox_message WHERE message_key = ANY($1) GROUP BY message_key`,
      [[...fresh, finished, ahead, retried]],
    );
    const events = new Map(outbox.map((row) => [row.message_key, Number(row.count)]));
    expect(fresh.map((dossier) => events.get(dossier))).toEqual(fresh.map(() => 1));
    expect(events.get(retried)).toBe(1);
    // Set-up wrote two events of each; the refused change wrote none, the stale status change its step.
    expect(events.get(finished)).toBe(2);
    expect(events.get(ahead)).toBe(3);
    const ledger = await db.query<{ dossier_code: string; status: number }>(
      'SELECT dossier_code, status FROM dossier_ledger WHERE dossier_code = ANY($1) ORDER BY dossier_code',
      [[finished, ahead]],
    );
    expect(ledger).toEqual([
      { dossier_code: ahead, status: 2 },
      { dossier_code: finished, status: 3 },
    ]);

    // Fewer transactions than calls: the calls were grouped.
    const after = groupSizes((await request(metricsListeningUrl(app())).get('/metrics')).text);
    expect(after.calls - before.calls).toBe(calls.length);
    expect(after.groups - before.groups).toBeLessThan(calls.length / 2);
  });
});
