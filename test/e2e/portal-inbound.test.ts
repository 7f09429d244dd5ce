import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, startBusUnderTest } from '../support/e2e/bus-under-test';

interface InboxItem {
  key?: string;
  duplicate: boolean;
  body: {
    type: string;
    payload: { dossierCode: string; applicant: { fullName: string; personalId: string } };
  };
}

describe('inbound: dossiers filed on the national portal reach the one-stop system', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('inbound');
  });

  afterAll(async () => {
    await bus?.close();
  });

  const received = async (): Promise<InboxItem[]> => {
    const { data } = await bus.oneStopAdmin.get<InboxItem[]>('/admin/one-stop/received', {
      params: { kind: 'filed-dossiers' },
    });
    return data;
  };

  it('collects filed dossiers from the portal feed and delivers each once, in our contract', async () => {
    const { data: filed } = await bus.portalAdmin.post<{ dossier: { MaHoSo: string } }[]>(
      '/admin/portal/filed-dossiers',
      {
        count: 30,
      },
    );
    const codes = filed.map((item) => item.dossier.MaHoSo);
    const items = await expectEventually(async () => {
      const inbox = await received();
      expect(inbox.map((item) => item.key).sort()).toEqual([...codes].sort());
      return inbox;
    });
    expect(items.every((item) => !item.duplicate && item.body.type === 'dossier.filed-on-portal')).toBe(true);
    expect(items[0].body.payload.applicant.fullName.normalize('NFC')).toBe(
      items[0].body.payload.applicant.fullName,
    );
    const { data: feed } = await bus.portalAdmin.get<{ acknowledgedCursor: string; latestCursor: string }>(
      '/admin/portal/filed-dossiers',
    );
    expect(feed.acknowledgedCursor).toBe(feed.latestCursor);
  });

  it('parks deliveries while the one-stop system is down and delivers them once it is back', async () => {
    const before = (await received()).length;
    await bus.simulators.controls.oneStop.set({ outage: 'http503', outageMs: 5_000 });
    await bus.portalAdmin.post('/admin/portal/filed-dossiers', { count: 20 });
    await expectEventually(async () => expect(await received()).toHaveLength(before + 20), {
      timeoutMs: 60_000,
    });
    expect((await received()).filter((item) => item.duplicate)).toEqual([]);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });
});
