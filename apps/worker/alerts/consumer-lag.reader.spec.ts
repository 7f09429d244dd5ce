import type { ConsumerRuntime, KafkaClient } from '@lgsp/messaging';
import { TopicNames } from '@lgsp/messaging';
import { ConsumerLagReader } from './consumer-lag.reader';

describe('ConsumerLagReader', () => {
  const admin = {
    connect: jest.fn(() => Promise.resolve()),
    disconnect: jest.fn(() => Promise.resolve()),
    fetchOffsets: jest.fn(({ groupId }: { groupId: string }) =>
      Promise.resolve(
        groupId === 'lgsp.national-portal'
          ? [
              {
                topic: 'lgsp.dossier.events',
                partitions: [
                  { partition: 0, offset: '10' },
                  { partition: 1, offset: '-1' },
                ],
              },
            ]
          : [{ topic: 'lgsp.dossier.events', partitions: [{ partition: 0, offset: '40' }] }],
      ),
    ),
    fetchTopicOffsets: jest.fn(() =>
      Promise.resolve([
        { partition: 0, offset: '40', high: '40', low: '0' },
        { partition: 1, offset: '7', high: '7', low: '0' },
      ]),
    ),
  };
  const kafka = { admin: () => admin } as unknown as KafkaClient;
  const runtime = { consumerNames: () => ['national-portal', 'dossier-trace'] } as unknown as ConsumerRuntime;

  it('sums, per consumer, what follows its group’s committed offsets; asks each topic’s ends once', async () => {
    const reader = new ConsumerLagReader(kafka, runtime, new TopicNames('lgsp'));
    await expect(reader.read()).resolves.toEqual(
      new Map([
        ['national-portal', 30],
        ['dossier-trace', 0],
      ]),
    );
    expect(admin.fetchTopicOffsets).toHaveBeenCalledTimes(1);
    expect(admin.connect).toHaveBeenCalledTimes(1);
  });

  it('drops its connection when a reading fails, and connects afresh for the next', async () => {
    const reader = new ConsumerLagReader(kafka, runtime, new TopicNames('lgsp'));
    admin.fetchOffsets.mockRejectedValueOnce(new Error('broker gone'));
    await expect(reader.read()).rejects.toThrow('broker gone');
    expect(admin.disconnect).toHaveBeenCalled();
    await expect(reader.read()).resolves.toBeInstanceOf(Map);
    await reader.close();
  });
});
