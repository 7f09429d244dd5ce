import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { DeadLetterRepository } from '@lgsp/persistence';
import { startMessagingApp } from '../support/messaging/messaging-app';
import { createTestEnvironment } from '../support/test-environment';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvbmUtc3RvcCJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';

/**
 * A dead letter's reason and an operator's resolution note are read by people and published: whatever a handler
 * or an operator put in them, the store keeps no personal ID number or token in clear (docs/security.md).
 */
describe('dead-letter reasons in the store', () => {
  const env = createTestEnvironment('dlreasons');
  let app: TestingModule;

  beforeAll(async () => {
    app = await startMessagingApp({ overrides: env.overrides, withConsumer: false });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('masks ID numbers and tokens in the reason and the resolution note', async () => {
    const letters = app.get(DeadLetterRepository);
    await letters.record({
      messageId: randomUUID(),
      consumerGroup: `${env.prefix}-group`,
      topic: `${env.prefix}.test.dlq`,
      sourceTopic: `${env.prefix}.test`,
      sourcePartition: 0,
      sourceOffset: '7',
      key: 'k-1',
      headers: {},
      value: Buffer.from('{}'),
      reasonCode: 'partner_rejected',
      reason: `portal refused citizen 001203012345 with Bearer ${JWT}`,
      attempts: 1,
    });
    const [stored] = await letters.list({ topic: `${env.prefix}.test.dlq` });
    expect(stored.reason).toBe('portal refused citizen *********345 with Bearer [redacted-jwt]');

    await letters.resolve(
      [stored.id],
      'discarded',
      'discarded by ops: citizen 001203012345 asked to withdraw',
    );
    const [resolved] = await letters.list({ topic: `${env.prefix}.test.dlq` });
    expect(resolved.resolutionNote).toBe('discarded by ops: citizen *********345 asked to withdraw');
  });
});
