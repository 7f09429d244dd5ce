import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { CommittingConsumer, OffsetCommitter } from './offset-committer';

function fakeConsumer(fail = false): CommittingConsumer & { commits: TopicPartitionOffsetAndMetadata[][] } {
  const commits: TopicPartitionOffsetAndMetadata[][] = [];
  return {
    commits,
    commitOffsets: (offsets: TopicPartitionOffsetAndMetadata[]) => {
      commits.push(offsets);
      return fail ? Promise.reject(new Error('coordinator moved')) : Promise.resolve();
    },
  };
}

describe('OffsetCommitter', () => {
  it('commits the offset after the last message read per partition, in one request', async () => {
    const consumer = fakeConsumer();
    const committer = new OffsetCommitter(consumer, 'test');
    committer.read('requests', 0, '7');
    committer.read('requests', 0, '8');
    committer.read('requests', 3, '41');
    await committer.commit();
    expect(consumer.commits).toEqual([
      [
        { topic: 'requests', partition: 0, offset: '9' },
        { topic: 'requests', partition: 3, offset: '42' },
      ],
    ]);
  });

  it('sends nothing when nothing was read since the last commit', async () => {
    const consumer = fakeConsumer();
    const committer = new OffsetCommitter(consumer, 'test');
    committer.read('requests', 0, '1');
    await committer.commit();
    await committer.commit();
    expect(consumer.commits).toHaveLength(1);
  });

  it('keeps a failed commit for the next one, unless a later read superseded it', async () => {
    const consumer = fakeConsumer(true);
    const committer = new OffsetCommitter(consumer, 'test');
    committer.read('requests', 0, '1');
    committer.read('requests', 1, '5');
    const failing = committer.commit();
    committer.read('requests', 1, '6');
    await failing;
    await committer.commit();
    expect(consumer.commits[1]).toEqual([
      { topic: 'requests', partition: 1, offset: '7' },
      { topic: 'requests', partition: 0, offset: '2' },
    ]);
  });

  it('forgets partitions a rebalance moved away', async () => {
    const consumer = fakeConsumer();
    const committer = new OffsetCommitter(consumer, 'test');
    committer.read('requests', 0, '1');
    committer.read('requests', 1, '1');
    committer.keepOnly({ requests: [1] });
    await committer.commit();
    expect(consumer.commits).toEqual([[{ topic: 'requests', partition: 1, offset: '2' }]]);
  });

  it('commits on its interval, and what is left when stopped', async () => {
    jest.useFakeTimers();
    try {
      const consumer = fakeConsumer();
      const committer = new OffsetCommitter(consumer, 'test', 1_000);
      committer.start();
      committer.read('requests', 0, '1');
      expect(consumer.commits).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(consumer.commits).toHaveLength(1);
      committer.read('requests', 0, '2');
      await committer.stop();
      expect(consumer.commits).toEqual([
        [{ topic: 'requests', partition: 0, offset: '2' }],
        [{ topic: 'requests', partition: 0, offset: '3' }],
      ]);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(consumer.commits).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
