import { PartitionPauses, PausableConsumer } from './partition-pauses';

type Pauses = { topic: string; partitions?: number[] }[];

/** Records the calls the model makes on the Kafka client, in order. */
function recordingConsumer(): PausableConsumer & { calls: [string, Pauses][] } {
  const calls: [string, Pauses][] = [];
  return {
    calls,
    pause: (topics) => calls.push(['pause', topics]),
    resume: (topics) => calls.push(['resume', topics]),
  };
}

describe('PartitionPauses', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does not touch the client for a hold while parked, and re-applies holds when unparked', () => {
    const consumer = recordingConsumer();
    const pauses = new PartitionPauses(consumer, ['main', 'retry-1']);
    pauses.park();
    pauses.hold('retry-1', 2, Date.now() + 1_000);
    expect(consumer.calls).toEqual([['pause', [{ topic: 'main' }, { topic: 'retry-1' }]]]);
    pauses.unpark();
    expect(consumer.calls.slice(1)).toEqual([
      ['resume', [{ topic: 'main' }, { topic: 'retry-1' }]],
      ['pause', [{ topic: 'retry-1', partitions: [2] }]],
    ]);
    expect(pauses.isPaused('retry-1', 2)).toBe(true);
    expect(pauses.isPaused('main', 2)).toBe(false);
  });

  it('releases a hold at its due time, but not while parked', () => {
    const consumer = recordingConsumer();
    const pauses = new PartitionPauses(consumer, ['main']);
    pauses.hold('main', 0, Date.now() + 500);
    pauses.hold('main', 1, Date.now() + 500);
    pauses.park();
    consumer.calls.length = 0;
    jest.advanceTimersByTime(500);
    expect(consumer.calls).toEqual([]);
    expect(pauses.isPaused('main', 0)).toBe(true);
    pauses.unpark();
    expect(consumer.calls).toEqual([['resume', [{ topic: 'main' }]]]);
    expect(pauses.isPaused('main', 0)).toBe(false);
  });

  it('extends a hold to a later due time and keeps it against an earlier one', () => {
    const consumer = recordingConsumer();
    const pauses = new PartitionPauses(consumer, ['main']);
    pauses.hold('main', 0, Date.now() + 500);
    pauses.hold('main', 0, Date.now() + 2_000);
    pauses.hold('main', 0, Date.now() + 100);
    jest.advanceTimersByTime(1_999);
    expect(pauses.isPaused('main', 0)).toBe(true);
    jest.advanceTimersByTime(1);
    expect(pauses.isPaused('main', 0)).toBe(false);
    expect(consumer.calls).toEqual([
      ['pause', [{ topic: 'main', partitions: [0] }]],
      ['resume', [{ topic: 'main', partitions: [0] }]],
    ]);
  });

  it('ignores a hold asked for once cleared: a batch still finishing must not resume a consumer that is gone', () => {
    const consumer = recordingConsumer();
    const pauses = new PartitionPauses(consumer, ['main']);
    pauses.clear();
    pauses.hold('main', 0, Date.now() + 500);
    jest.advanceTimersByTime(1_000);
    expect(consumer.calls).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
