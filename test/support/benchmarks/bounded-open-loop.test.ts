import { boundedOpenLoop } from './bounded-open-loop';

/** On the fake clock: the schedule is the test's, not a loaded machine's. */
async function onFakeClock<T>(run: () => Promise<T>): Promise<T> {
  jest.useFakeTimers();
  try {
    const result = run();
    await jest.advanceTimersByTimeAsync(5_000);
    return await result;
  } finally {
    jest.useRealTimers();
  }
}

describe('boundedOpenLoop', () => {
  it('sheds the requests due while the cap is reached, and sends the rest', async () => {
    const sent: number[] = [];
    // Ten requests due over 9 ms, each answered 200 ms after it starts: three start, seven are shed.
    const result = await onFakeClock(() =>
      boundedOpenLoop(1000, 10, 3, (index) => {
        sent.push(index);
        return new Promise<void>((resolve) => setTimeout(resolve, 200));
      }),
    );
    expect(result).toEqual({ shed: 7 });
    expect(sent).toEqual([0, 1, 2]);
  });

  it('sends every request when answers come faster than the cap fills', async () => {
    const sent: number[] = [];
    const result = await onFakeClock(() =>
      boundedOpenLoop(500, 5, 2, (index) => {
        sent.push(index);
        return Promise.resolve();
      }),
    );
    expect(result).toEqual({ shed: 0 });
    expect(sent).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails when a request fails', async () => {
    await expect(
      boundedOpenLoop(1000, 3, 2, (index) =>
        index === 1 ? Promise.reject(new Error('broken')) : Promise.resolve(),
      ),
    ).rejects.toThrow('broken');
  });
});
