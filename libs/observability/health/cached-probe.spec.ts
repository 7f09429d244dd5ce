import { CachedProbe } from './cached-probe';

describe('CachedProbe', () => {
  let now = 0;
  let checks = 0;
  let release: (value: string) => void = () => undefined;
  const probe = new CachedProbe(
    () => {
      checks += 1;
      return new Promise<string>((resolve) => (release = resolve));
    },
    1_000,
    () => now,
  );

  it('shares a running check, then its answer for the time to live, then checks again', async () => {
    const first = probe.get();
    const second = probe.get();
    release('up');
    await expect(Promise.all([first, second])).resolves.toEqual(['up', 'up']);
    expect(checks).toBe(1);
    now += 999;
    await expect(probe.get()).resolves.toBe('up');
    expect(checks).toBe(1);
    now += 1;
    const third = probe.get();
    expect(checks).toBe(2);
    release('down');
    await expect(third).resolves.toBe('down');
  });

  it('does not keep a failed check: the next caller checks again', async () => {
    let calls = 0;
    const failing = new CachedProbe(
      () => {
        calls += 1;
        return Promise.reject(new Error('no answer'));
      },
      1_000,
      () => 0,
    );
    await expect(failing.get()).rejects.toThrow('no answer');
    await expect(failing.get()).rejects.toThrow('no answer');
    expect(calls).toBe(2);
  });
});
