import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import type { AlertNotice } from '@lgsp/observability';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { STATUS_PATH, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

/** A webhook receiver: keeps every JSON body POSTed to it. */
async function startWebhook(): Promise<{ url: string; notices: AlertNotice[]; server: Server }> {
  const notices: AlertNotice[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      notices.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertNotice);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alerts`, notices, server };
}

interface Readiness {
  status: string;
  info: { connectors?: { degraded: { connector: string; state: string }[] } };
}

describe('alerts: one notice when an outage starts and one when it ends, at the webhook', () => {
  let bus: BusUnderTest;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;

  beforeAll(async () => {
    webhook = await startWebhook();
    bus = await startBusUnderTest('alerts', {
      ALERT_WEBHOOK_URL: webhook.url,
      ALERT_EVALUATION_INTERVAL_MS: '200',
      ALERT_BREAKER_OPEN_AFTER_MS: '3000',
    });
  });

  afterAll(async () => {
    await bus?.close();
    await new Promise((resolve) => webhook?.server.close(resolve));
  });

  it('sends one firing and one resolved notice for a national-portal outage longer than the threshold', async () => {
    const portal = bus.simulators.controls.nationalPortal;
    const breakerNotices = (state: AlertNotice['state']): AlertNotice[] =>
      webhook.notices.filter(
        (notice) =>
          notice.alert === 'breaker-open' && notice.connector === 'national-portal' && notice.state === state,
      );
    const first = await sendDossierLifeCycles(bus, 'alert', 20);
    await portal.set({ outage: 'http503' });
    const during = await sendDossierLifeCycles(bus, 'alert', 20, 20);

    // Fires once the breaker has stayed away from closed past the threshold, however many dossiers wait.
    const [firing] = await expectEventually(
      () => {
        expect(breakerNotices('firing')).toHaveLength(1);
        return breakerNotices('firing');
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(firing).toMatchObject({ details: { state: expect.stringMatching(/^(open|half-open)$/) } });
    expect(Number(firing.details.openForMs)).toBeGreaterThanOrEqual(3_000);
    expect(firing.resolvedAt).toBeUndefined();

    // Meanwhile the worker stays ready, showing the connector as degraded.
    const ready = await axios.get<Readiness>(`${listeningUrl(bus.worker)}/health/ready`, {
      validateStatus: () => true,
    });
    expect(ready.status).toBe(200);
    expect(ready.data.info.connectors?.degraded.map((entry) => entry.connector)).toContain('national-portal');

    await portal.clear();
    const [resolved] = await expectEventually(
      () => {
        expect(breakerNotices('resolved')).toHaveLength(1);
        return breakerNotices('resolved');
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(resolved).toMatchObject({
      alert: 'breaker-open',
      state: 'resolved',
      connector: 'national-portal',
      startedAt: firing.startedAt,
      resolvedAt: expect.any(String),
    });

    // Every dossier reaches the portal afterwards; through all of it, still exactly one notice of each.
    await expectEventually(
      async () => {
        const held = await portalDossiers(bus);
        const behind = [...first, ...during].filter(
          (code) => held.get(code)?.progressCount !== STATUS_PATH.length,
        );
        expect(behind).toEqual([]);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(breakerNotices('firing')).toEqual([firing]);
    expect(breakerNotices('resolved')).toEqual([resolved]);
    expect(webhook.notices.filter((notice) => notice.alert === 'dead-letters-growing')).toEqual([]);
    const after = await axios.get<Readiness>(`${listeningUrl(bus.worker)}/health/ready`);
    expect(after.data).toMatchObject({ status: 'ok', info: { connectors: { degraded: [] } } });
  });
});
