import type { AddressInfo } from 'node:net';
import { Socket, connect } from 'node:net';
import type { Server } from 'node:http';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { MetricsRegistry } from '@lgsp/observability';
import { expectEventually } from '../support/expect-eventually';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';
import { metricValue } from '../support/metrics/metric-value';

const MAX_IN_FLIGHT = 2;

/**
 * A gateway over capacity answers at once and drops nothing: a request above HTTP_MAX_IN_FLIGHT is told 503 busy
 * with Retry-After before its body is read, health probes still get through, and capacity comes back as requests
 * end, whether answered or abandoned by their caller.
 */
describe('gateway: requests above HTTP_MAX_IN_FLIGHT', () => {
  const gateway = useGatewayUnderTest('shedding', { HTTP_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) });
  const stalled: Socket[] = [];

  afterAll(() => stalled.forEach((socket) => socket.destroy()));

  const port = (): number => ((gateway.app().getHttpServer() as Server).address() as AddressInfo).port;
  const metric = async (name: string): Promise<number> => {
    return metricValue(await gateway.app().get(MetricsRegistry).metrics(), name);
  };

  /** A request whose headers arrived and whose body never ends: it holds its place until the socket closes. */
  function stalledRequest(): Socket {
    const socket = connect(port(), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `POST /v1/dossiers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${gateway.auth().authorization}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"dossierCode":',
    );
    stalled.push(socket);
    return socket;
  }

  it('answers 503 busy with Retry-After at once while full, and still answers health probes', async () => {
    stalledRequest();
    stalledRequest();
    await expectEventually(async () =>
      expect(await metric('lgsp_http_requests_in_flight')).toBe(MAX_IN_FLIGHT),
    );

    const refused = await gateway
      .http()
      .post('/v1/dossiers')
      .set(gateway.auth())
      .send(dossierRegistration('H56.22-SHED-000001', 1));
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ status: 503, code: 'busy' });
    expect(await metric('lgsp_http_requests_shed_total')).toBe(1);

    expect((await gateway.http().get('/health/live')).status).toBe(200);
  });

  it('takes requests again once those in flight end, an abandoned one included', async () => {
    for (const socket of stalled.splice(0)) socket.destroy();
    await expectEventually(async () => expect(await metric('lgsp_http_requests_in_flight')).toBe(0));

    const accepted = await gateway
      .http()
      .post('/v1/dossiers')
      .set(gateway.auth())
      .send(dossierRegistration('H56.22-SHED-000001', 1));
    expect(accepted.status).toBe(202);
    expect(await metric('lgsp_http_requests_shed_total')).toBe(1);
  });
});
