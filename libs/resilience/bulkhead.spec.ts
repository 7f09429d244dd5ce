import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { Bulkhead } from './bulkhead';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Bulkhead', () => {
  it('runs at most maxConcurrent actions at once and starts waiters in arrival order', async () => {
    const bulkhead = new Bulkhead('population-db', { maxConcurrent: 2, maxQueue: 10 });
    const gates = Array.from({ length: 6 }, deferred);
    const started: number[] = [];
    let active = 0;
    let peak = 0;
    const runs = gates.map((gate, id) =>
      bulkhead.run(async () => {
        started.push(id);
        peak = Math.max(peak, ++active);
        await gate.promise;
        active--;
        return id;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(bulkhead.queued).toBe(4);
    for (const id of [1, 0, 3, 2, 5, 4]) {
      gates[id].resolve();
      await tick();
    }
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(bulkhead.active).toBe(0);
  });

  it('refuses with PartnerUnavailable when the queue is full, without running the action', async () => {
    const bulkhead = new Bulkhead('population-db', { maxConcurrent: 1, maxQueue: 1 });
    const gate = deferred();
    const first = bulkhead.run(() => gate.promise);
    const second = bulkhead.run(() => Promise.resolve());
    const action = jest.fn(() => Promise.resolve());
    const refused = await bulkhead.run(action).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe(DomainErrorCode.PartnerUnavailable);
    expect((refused as DomainError).message).toMatch(/bulkhead full/);
    expect(action).not.toHaveBeenCalled();
    gate.resolve();
    await Promise.all([first, second]);
  });

  it('frees the slot when the action fails, and only once per release', async () => {
    const bulkhead = new Bulkhead('population-db', { maxConcurrent: 1, maxQueue: 0 });
    await expect(bulkhead.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(bulkhead.active).toBe(0);

    const release = await bulkhead.acquire();
    release();
    release();
    expect(bulkhead.active).toBe(0);
    const again = await bulkhead.acquire();
    await expect(bulkhead.acquire()).rejects.toBeInstanceOf(DomainError);
    again();
  });
});
