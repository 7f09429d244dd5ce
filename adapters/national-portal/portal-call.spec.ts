import { DomainErrorCode } from '@lgsp/contracts';
import { MAX_REQUEST_BYTES, PortalCall } from './portal-call';

const record = (id: string, bytes: number): Record<string, unknown> => ({
  MaHoSo: id,
  Filler: 'x'.repeat(bytes),
});

describe('PortalCall', () => {
  it('sends a run as one request while it fits', () => {
    const call = new PortalCall('DongBoHoSoMC', { isUpdating: true });
    call.add(record('A', 10), 'm1', 'A');
    call.add(record('B', 10), 'm2', 'B');
    expect(call.requests()).toEqual([
      {
        body: { isUpdating: true, data: [record('A', 10), record('B', 10)] },
        messageIds: ['m1', 'm2'],
        notes: new Map([
          ['m1', { dossierCode: 'A', sentRecord: record('A', 10) }],
          ['m2', { dossierCode: 'B', sentRecord: record('B', 10) }],
        ]),
      },
    ]);
  });

  it('names, per message, the last record its request carries for the same dossier', () => {
    const call = new PortalCall('DongBoHoSoMC', { isUpdating: true });
    call.add({ MaHoSo: 'A', TrangThaiHoSo: 2 }, 'm1', 'A');
    call.add({ MaHoSo: 'A', TrangThaiHoSo: 4 }, 'm2', 'A');
    const [request] = call.requests();
    expect(request.notes.get('m1')).toEqual({
      dossierCode: 'A',
      sentRecord: { MaHoSo: 'A', TrangThaiHoSo: 4 },
    });
  });

  it('splits a request where a dossier comes back to the record the portal held before it', () => {
    const call = new PortalCall('DongBoHoSoMC', { isUpdating: true });
    const [four, six] = [4, 6].map((status) => ({ MaHoSo: 'A', TrangThaiHoSo: status }));
    const other = { MaHoSo: 'B', TrangThaiHoSo: 2 };
    call.add(six, 'm1', 'A', four);
    call.add(other, 'm2', 'B', { MaHoSo: 'B', TrangThaiHoSo: 1 });
    call.add(four, 'm3', 'A', six);
    call.add(six, 'm4', 'A', four);
    // Each request's last record of A differs from what the portal held before it: 4 → [6], 6 → [4], 4 → [6].
    expect(call.requests().map((request) => request.messageIds)).toEqual([['m1', 'm2'], ['m3'], ['m4']]);
  });

  it('leaves out the records of messages the portal already holds', () => {
    const call = new PortalCall('DongBoHoSoMC', { isUpdating: true });
    call.add(record('A', 1), 'm1', 'A');
    call.add(record('B', 1), 'm2', 'B');
    call.leaveOut(new Set(['m1']));
    expect(call.requests().map((request) => request.messageIds)).toEqual([['m2']]);
  });

  it('splits a run into requests within the limit, in order, each naming its messages', () => {
    const call = new PortalCall('DongBoHoSoMC', { isUpdating: true });
    const third = Math.floor(MAX_REQUEST_BYTES / 3);
    for (let index = 0; index < 5; index++) call.add(record(`D${index}`, third), `m${index}`, `D${index}`);
    const requests = call.requests();
    expect(requests.map((request) => request.messageIds)).toEqual([['m0', 'm1'], ['m2', 'm3'], ['m4']]);
    for (const request of requests) {
      expect(Buffer.byteLength(JSON.stringify(request.body))).toBeLessThan(MAX_REQUEST_BYTES);
    }
  });

  it('refuses a record that could not travel even alone, naming the dossier and the sizes', () => {
    const call = new PortalCall('DongBoHoSoMC');
    expect(() => call.add(record('BIG', MAX_REQUEST_BYTES), 'm1', 'BIG')).toThrow(
      expect.objectContaining({
        code: DomainErrorCode.ValidationFailed,
        message: expect.stringMatching(/^Dossier BIG: its DongBoHoSoMC record would be \d+ bytes, above/),
      }),
    );
    expect(call.isEmpty).toBe(true);
  });
});
