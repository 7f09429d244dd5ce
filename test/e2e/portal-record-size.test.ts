import { Client } from 'pg';
import { DOSSIER_REGISTERED, DOSSIER_STATUS_CHANGED, MAX_RECORD_BYTES, Topics } from '@lgsp/contracts';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { databaseUrl } from '../support/test-environment';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

interface PortalHistory {
  current: { DanhSachGiayToKetQua?: { GiayToId: string }[] };
}

interface ReceivedCall {
  body: { service?: string };
}

const BASE = Date.UTC(2025, 6, 1, 1, 0, 0);
/** A long but valid download link: with the longest names, about 2.3 kB per document on the portal. */
const longUrl = (code: string, id: string): string =>
  `https://one-stop.example.gov.vn/files/${code}/${id}/${'a'.repeat(1_700)}`;
const longName = (id: string): string => `${id} ${'Quyết định cấp phép '.repeat(14)}`.slice(0, 300);

/** A status change whose step produced 100 result documents, ids from `first` on. */
function changeWithResults(code: string, step: number, first: number): Record<string, unknown> {
  const change = statusChange(code, 4, step, BASE);
  const documents = Array.from({ length: 100 }, (_, index) => {
    const documentId = `${code}-KQ-${first + index}`;
    return { documentId, name: longName(documentId), url: longUrl(code, documentId) };
  });
  return { ...change, step: { ...(change.step as object), resultDocuments: documents } };
}

/**
 * The connector's side of record size, fed straight from the topic (the gateway's own caps are not in the way):
 * result documents are kept once each and bounded, every portal request stays within the size a partner's front
 * end takes, and a record that alone would exceed it is dead-lettered, not sent.
 */
describe('dossier exchange: the size of a dossier on the portal', () => {
  let bus: BusUnderTest;
  let topic: string;

  beforeAll(async () => {
    bus = await startBusUnderTest('record-size', { KAFKA_TOPIC_PARTITIONS: '1' });
    topic = new TopicNames(bus.env.prefix).main(Topics.dossierEvents);
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function publish(code: string, type: string, version: number, payload: object): Promise<void> {
    const envelope = createEnvelope({ type, contractVersion: version, key: code, payload, source: 'test' });
    await bus.worker.get(MessagePublisher).publish(topic, envelope);
  }

  async function largestRequestBytes(): Promise<number> {
    const { data } = await bus.portalAdmin.get<{ requests: ReceivedCall[] }>('/admin/received', {
      params: { path: '/dvcqg/integration' },
    });
    return Math.max(...data.requests.map((call) => Buffer.byteLength(JSON.stringify(call.body))));
  }

  async function storedRecordBytes(code: string): Promise<number> {
    const client = new Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ bytes: number }>(
        `SELECT octet_length(partner_record::text) AS bytes FROM ${bus.env.schema}.dossier_delivery
         WHERE dossier_code = $1`,
        [code],
      );
      return Number(rows[0].bytes);
    } finally {
      await client.end();
    }
  }

  it('keeps each result document once, a bounded number of them, and every request within the limit', async () => {
    const code = 'H56.22-size-000001';
    const changes = 12;
    await publish(code, DOSSIER_REGISTERED, 1, dossierRegistration(code, 1, BASE));
    // Each step hands back 80 documents it already had and 20 new ones.
    for (let step = 1; step <= changes; step++) {
      await publish(code, DOSSIER_STATUS_CHANGED, 2, changeWithResults(code, step, (step - 1) * 20));
    }
    await expectEventually(
      async () => expect((await portalDossiers(bus)).get(code)?.progressCount).toBe(changes),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect((await portalDossiers(bus)).get(code)).toMatchObject({ syncCount: 1 + changes });
    const { data } = await bus.portalAdmin.get<PortalHistory>(`/admin/portal/dossiers/${code}`);
    const ids = (data.current.DanhSachGiayToKetQua ?? []).map((document) => document.GiayToId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeLessThanOrEqual(200);
    // The newest are kept.
    expect(ids).toContain(`${code}-KQ-${(changes - 1) * 20 + 99}`);
    expect(await largestRequestBytes()).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(await storedRecordBytes(code)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });

  it('dead-letters a change that would make the record too large to send, and goes on with the next', async () => {
    const code = 'H56.22-size-000002';
    const registration = dossierRegistration(code, 2, BASE);
    // About 0.9 MiB on the portal: within the limit alone, not with a hundred more documents.
    const documents = Array.from({ length: 390 }, (_, index) => {
      const documentId = `${code}-TL-${index}`;
      return { documentId, name: longName(documentId), url: longUrl(code, documentId), deleted: false };
    });
    await publish(code, DOSSIER_REGISTERED, 1, { ...registration, documents });
    await publish(code, DOSSIER_STATUS_CHANGED, 2, changeWithResults(code, 1, 0));
    await publish(code, DOSSIER_STATUS_CHANGED, 2, statusChange(code, 9, 2, BASE));
    const letters = await expectEventually(async () => {
      const open = await bus.worker.get(DeadLetterRepository).list({ status: 'open' });
      expect(open.map((letter) => letter.key)).toEqual([code]);
      return open;
    });
    expect(letters[0].reason).toMatch(/DongBoHoSoMC.*bytes.*limit/);
    await expectEventually(async () => expect((await portalDossiers(bus)).get(code)?.status).toBe(9));
    expect(await largestRequestBytes()).toBeLessThanOrEqual(MAX_RECORD_BYTES);
  });
});
