import { TestingModule } from '@nestjs/testing';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { InboundMessage, TopicNames } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import {
  createEffectTable,
  effects,
  startMessagingApp,
  publishTestEvent,
} from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

/**
 * While the bus's own database cannot be reached (a restart, a full pool), a message is held where it is for as
 * long as it takes: a hop to a retry topic would let the same dossier's later events overtake it, and those would
 * then find it stale. Found by the chaos suite's database-restarted scenario.
 */
describe('consumer runtime: the database busy', () => {
  // One try in place for a partner failure, so that holding on for the database is plainly more than that.
  const env = createTestEnvironment('dbbusy', { KAFKA_TOPIC_PARTITIONS: '1', KAFKA_IN_PLACE_RETRIES: '1' });
  const names = new TopicNames(env.prefix);
  let busyLeft = 0;
  let app: TestingModule;

  const behaviour = (message: InboundMessage): void => {
    if (message.envelope.key !== 'dossier' || busyLeft === 0) return;
    busyLeft -= 1;
    throw new DomainError(DomainErrorCode.Busy, 'The database cannot be reached now: connect ECONNREFUSED');
  };

  const publish = (key: string): Promise<string> => publishTestEvent(app, names.main(TEST_TOPIC), key);

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({ overrides: env.overrides, behaviour });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('holds the message in place past the in-place tries, so the same key keeps its order', async () => {
    busyLeft = 3;
    const first = await publish('dossier');
    const second = await publish('dossier');
    const rows = await expectEventually(async () => {
      const applied = await effects(env.schema);
      expect(applied).toHaveLength(2);
      return applied;
    });
    expect(rows.map((row) => row.message_id)).toEqual([first, second]);
    // No retry topic hop: both applied on their first delivery.
    expect(rows.map((row) => row.attempt)).toEqual([0, 0]);
  });
});
