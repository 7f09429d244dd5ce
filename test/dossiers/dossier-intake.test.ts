import request from 'supertest';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { EnvelopeHeader, TopicNames } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { metricsListeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { readTopic } from '../support/messaging/messaging-app';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

describe('gateway: dossier intake from the one-stop system', () => {
  const { env, app, http, auth } = useGatewayUnderTest('intake');
  const base = Date.UTC(2025, 5, 1, 1, 0, 0);

  it('accepts a registration and its status changes, publishing them in order through the outbox', async () => {
    const code = 'H56.22-INTAKE-000001';
    const registered = await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(code, 1, base))
      .expect(202);
    expect(registered.body).toMatchObject({
      dossierCode: code,
      eventType: 'dossier.registered',
      outcome: 'accepted',
    });
    await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(auth())
      .send(statusChange(code, 2, 1, base))
      .expect(202);
    await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(auth())
      .send(statusChange(code, 4, 2, base))
      .expect(202);

    const messages = await readTopic(new TopicNames(env.prefix).main('dossier.events'), 3);
    expect(messages.map((message) => message.headers?.[EnvelopeHeader.type]?.toString())).toEqual([
      'vn.gov.lgsp.dossier.registered.v1',
      'vn.gov.lgsp.dossier.status-changed.v2',
      'vn.gov.lgsp.dossier.status-changed.v2',
    ]);
    expect(messages.every((message) => message.key?.toString() === code)).toBe(true);
  });

  it('refuses a change the status table forbids with 409 and an explanation', async () => {
    const code = 'H56.22-INTAKE-000002';
    await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(code, 2, base))
      .expect(202);
    await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(auth())
      .send(statusChange(code, 3, 1, base))
      .expect(202);
    const refused = await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(auth())
      .send(statusChange(code, 4, 2, base))
      .expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/terminal/);
  });

  it('names every bad field of a body in problem+json', async () => {
    const body = dossierRegistration('H56.22-INTAKE-000003', 3, base);
    const response = await http()
      .post('/v1/dossiers')
      .set(auth())
      .send({ ...body, status: 42, applicant: { ...(body.applicant as object), personalId: '999' } })
      .expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = (response.body.errors as { field: string }[]).map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['status', 'applicant.personalId']));
  });

  it('answers an older status change stale, leaves the ledger, and forwards it marked for its step only', async () => {
    const code = 'H56.22-INTAKE-000004';
    await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(code, 4, base))
      .expect(202);
    const later = await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(auth())
      .send(statusChange(code, 2, 10, base))
      .expect(202);
    const late = await http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(auth())
      .send(statusChange(code, 2, 5, base))
      .expect(202);
    expect(late.body.outcome).toBe('stale');
    const trace = await http().get(`/v1/dossiers/${code}/trace`).set(auth()).expect(200);
    expect(trace.body.entries.map((entry: { stage: string }) => entry.stage)).toEqual(
      expect.arrayContaining(['received', 'stale']),
    );
    const db = app().get(DatabaseService);
    const [ledger] = await db.query<{ status_occurred_at: Date; last_event_id: string }>(
      'SELECT status_occurred_at, last_event_id FROM dossier_ledger WHERE dossier_code = $1',
      [code],
    );
    expect(ledger).toEqual({
      status_occurred_at: new Date(base + 10 * 60_000),
      last_event_id: later.body.eventId,
    });
    const outbox = await db.query<{ message_id: string; headers: Record<string, string> }>(
      'SELECT message_id, headers FROM outbox_message WHERE message_key = $1 ORDER BY id',
      [code],
    );
    expect(outbox.map((row) => row.headers[EnvelopeHeader.supersededAt])).toEqual([
      undefined,
      undefined,
      new Date(base + 10 * 60_000).toISOString(),
    ]);
    expect(outbox[2].message_id).toBe(late.body.eventId);
  });

  it('answers an older update of a dossier stale and keeps it in the trace only (it has no step)', async () => {
    const code = 'H56.22-INTAKE-000008';
    await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(code, 8, base + 60_000))
      .expect(202);
    const late = await http()
      .post('/v1/dossiers')
      .set(auth())
      .send(dossierRegistration(code, 8, base))
      .expect(202);
    expect(late.body).toMatchObject({ eventType: 'dossier.updated', outcome: 'stale' });
    const outbox = await app()
      .get(DatabaseService)
      .query('SELECT 1 FROM outbox_message WHERE message_key = $1', [code]);
    expect(outbox).toHaveLength(1);
  });

  it('answers a retried request with the same Idempotency-Key with the first answer, once', async () => {
    const code = 'H56.22-INTAKE-000005';
    const body = dossierRegistration(code, 5, base);
    const first = await http()
      .post('/v1/dossiers')
      .set(auth())
      .set('Idempotency-Key', 'retry-1')
      .send(body)
      .expect(202);
    const again = await http()
      .post('/v1/dossiers')
      .set(auth())
      .set('Idempotency-Key', 'retry-1')
      .send(body)
      .expect(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await http()
      .post('/v1/dossiers')
      .set(auth())
      .set('Idempotency-Key', 'retry-1')
      .send({ ...body, summary: 'another request' })
      .expect(409);
    const trace = await http().get(`/v1/dossiers/${code}/trace`).set(auth()).expect(200);
    expect(trace.body.entries.filter((entry: { stage: string }) => entry.stage === 'received')).toHaveLength(
      1,
    );
  });

  it('carries the caller correlation id from the request to the trace', async () => {
    const code = 'H56.22-INTAKE-000007';
    const response = await http()
      .post('/v1/dossiers')
      .set(auth())
      .set('X-Correlation-Id', 'one-stop-req-42')
      .send(dossierRegistration(code, 7, base))
      .expect(202);
    expect(response.headers['x-correlation-id']).toBe('one-stop-req-42');
    expect(response.body.correlationId).toBe('one-stop-req-42');
    const trace = await http().get(`/v1/dossiers/${code}/trace`).set(auth()).expect(200);
    expect(trace.body.entries[0].correlationId).toBe('one-stop-req-42');
  });

  it('serves Prometheus metrics, including the outbox age', async () => {
    const metrics = await request(metricsListeningUrl(app())).get('/metrics').expect(200);
    expect(metrics.text).toContain('lgsp_outbox_oldest_pending_age_seconds');
  });

  it('takes a batch and answers per item', async () => {
    const code = 'H56.22-INTAKE-000006';
    const response = await http()
      .post('/v1/dossiers/batch')
      .set(auth())
      .send({
        items: [
          { dossier: dossierRegistration(code, 6, base) },
          { statusChange: statusChange(code, 2, 1, base) },
          { statusChange: statusChange('H56.22-INTAKE-UNKNOWN', 2, 1, base) },
          { statusChange: { ...statusChange(code, 4, 2, base), status: 0 } },
        ],
      })
      .expect(207);
    expect(response.body.results.map((result: { status: number }) => result.status)).toEqual([
      202, 202, 404, 400,
    ]);
    expect(response.body.results[3].errors[0].field).toContain('status');
  });
});
