import request from 'supertest';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { metricsListeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { ALL_AGENCIES, Scope } from '@lgsp/security';
import { bearer } from '../support/access/test-clients';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

const HOUR = 3_600_000;
const ONE_STOP_ACCESS = { scopes: [Scope.DossierWrite], agencies: [ALL_AGENCIES] };

interface FieldProblem {
  field: string;
  message: string;
}

describe('gateway intake policy: event times ahead of the bus clock, stale events per client', () => {
  const { app, http, auth, createClient, tokenOf } = useGatewayUnderTest('clock');
  const past = Date.UTC(2025, 5, 1, 1, 0, 0);

  it('refuses a registration dated an hour ahead with 400 naming occurredAt and the bus time', async () => {
    const code = 'H56.22-CLOCK-000001';
    const before = Date.now();
    const response = await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(code, 1, Date.now() + HOUR))
      .expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = (response.body.errors as FieldProblem[]).map((problem) => problem.field);
    expect(fields).toContain('occurredAt');
    // The problem says what the bus's clock read, so the caller can see which clock is wrong.
    const busTime = /bus time (\S+Z)/.exec(response.body.detail as string)?.[1];
    expect(busTime).toBeDefined();
    expect(Math.abs(Date.parse(busTime!) - before)).toBeLessThan(60_000);
    // Nothing was recorded: the dossier has no trace.
    await http().get(`/v1/dossiers/${code}/trace`).set(auth()).expect(404);
  });

  it('refuses a status change dated an hour ahead, and a batch item, naming the field', async () => {
    const code = 'H56.22-CLOCK-000002';
    await http().post('/v1/dossiers').set(auth()).send(dossierRegistration(code, 2)).expect(202);
    const ahead = statusChange(code, 2, 1, Date.now() + HOUR);
    const single = await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(auth())
      .send(ahead)
      .expect(400);
    expect((single.body.errors as FieldProblem[]).map((problem) => problem.field)).toEqual(
      expect.arrayContaining(['occurredAt', 'step.startedAt']),
    );
    const batch = await http()
      .post('/v1/dossiers/batch')
      .set(auth())
      .send({ items: [{ statusChange: statusChange(code, 2, 1) }, { statusChange: ahead }] })
      .expect(207);
    expect(batch.body.results.map((result: { status: number }) => result.status)).toEqual([202, 400]);
    expect((batch.body.results[1].errors as FieldProblem[]).map((problem) => problem.field)).toContain(
      'items[1].statusChange.occurredAt',
    );
  });

  it('accepts an event dated within the allowed skew (a caller clock a minute fast)', async () => {
    const code = 'H56.22-CLOCK-000003';
    const registered = await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(code, 3, Date.now() + 60_000))
      .expect(202);
    expect(registered.body.outcome).toBe('accepted');
  });

  it('counts stale events per authenticated client and shows them to operators and in metrics', async () => {
    const code = 'H56.22-CLOCK-000004';
    // Two one-stop systems, each with its own client: the bus counts by who authenticated, not by a header.
    const kontumAuth = bearer(await tokenOf(await createClient('one-stop-kontum', ONE_STOP_ACCESS)));
    const anotherAuth = bearer(await tokenOf(await createClient('another-one-stop', ONE_STOP_ACCESS)));
    await http()
      .post('/v1/dossiers')
      .set(kontumAuth)
      .send(dossierRegistration(code, 4, past))
      .expect(202);
    await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(kontumAuth)
      .send(statusChange(code, 2, 10, past))
      .expect(202);
    const late = await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(kontumAuth)
      .send(statusChange(code, 2, 5, past))
      .expect(202);
    expect(late.body.outcome).toBe('stale');
    const lateInBatch = await http()
      .post('/v1/dossiers/batch')
      .set(kontumAuth)
      .send({ items: [{ statusChange: statusChange(code, 2, 6, past) }] })
      .expect(207);
    expect(lateInBatch.body.results[0].outcome).toBe('stale');
    await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(anotherAuth)
      // A header claiming to be another client counts for nothing: the token says who sent it.
      .set('X-Client-Id', 'one-stop-kontum')
      .send(statusChange(code, 2, 7, past))
      .expect(202);

    const ops = await http().get('/v1/ops/stale-events').set(auth()).expect(200);
    const kontum = (ops.body.clients as { clientId: string }[]).find(
      (client) => client.clientId === 'one-stop-kontum',
    );
    expect(kontum).toMatchObject({
      clientId: 'one-stop-kontum',
      staleEvents: 2,
      lastDossierCode: code,
      lastAppliedAt: new Date(past + 10 * 60_000).toISOString(),
    });
    expect(ops.body.clients).toEqual(
      expect.arrayContaining([expect.objectContaining({ clientId: 'another-one-stop', staleEvents: 1 })]),
    );
    const recent = await http()
      .get('/v1/ops/stale-events')
      .set(auth())
      .query({ clientId: 'one-stop-kontum' })
      .expect(200);
    expect(recent.body.recent.map((event: { dossierCode: string }) => event.dossierCode)).toEqual([
      code,
      code,
    ]);

    const metrics = await request(metricsListeningUrl(app())).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/lgsp_gateway_stale_events_total\{client="one-stop-kontum"\} 2/);
    expect(metrics.text).toMatch(/lgsp_gateway_stale_events_total\{client="another-one-stop"\} 1/);
  });
});
