import { ManualClock } from './clock';
import { ReceivedRequestsRecorder } from './received-requests.recorder';

const request = (path: string, body: unknown = {}) => ({
  method: 'POST',
  path,
  query: {},
  headers: {},
  body,
});

describe('ReceivedRequestsRecorder', () => {
  it('keeps only the most recent requests and counts the dropped ones', () => {
    const recorder = new ReceivedRequestsRecorder(new ManualClock(), 3);
    for (let i = 0; i < 5; i += 1) recorder.record(request(`/p${i}`));
    const { requests, dropped } = recorder.query();
    expect(requests.map((entry) => entry.path)).toEqual(['/p2', '/p3', '/p4']);
    expect(dropped).toBe(2);
  });

  it('filters by path, prefix, sequence, body text and limit', () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const recorder = new ReceivedRequestsRecorder(clock);
    recorder.record(request('/a/1', { service: 'DongBoHoSoMC' }));
    clock.advance(1000);
    recorder.record(request('/a/2', '<soap:Envelope>TraCuu</soap:Envelope>'));
    recorder.record(request('/b', { service: 'TraCuuHoSo' }));
    expect(recorder.query({ pathPrefix: '/a' }).total).toBe(2);
    expect(recorder.query({ path: '/b' }).requests[0].seq).toBe(3);
    expect(recorder.query({ since: 1 }).requests.map((entry) => entry.seq)).toEqual([2, 3]);
    expect(recorder.query({ contains: 'TraCuu' }).total).toBe(2);
    expect(recorder.query({ limit: 1 }).requests.map((entry) => entry.path)).toEqual(['/b']);
    expect(recorder.query({ path: '/a/2' }).requests[0].at).toBe('2025-01-01T00:00:01.000Z');
    recorder.reset();
    expect(recorder.count()).toBe(0);
  });
});
