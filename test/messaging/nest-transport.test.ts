import {
  CallHandler,
  Controller,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TestingModule } from '@nestjs/testing';
import { Observable } from 'rxjs';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import {
  DeliveryContext,
  FailureNotice,
  InboundMessage,
  MessagePublisher,
  TopicNames,
  consumerGroup,
  createEnvelope,
  failedDeliveriesOf,
} from '@lgsp/messaging';
import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, readTopic, startMessagingApp } from '../support/messaging/messaging-app';

const TOPIC = 'flaky.events';
const GROUP = 'flaky';

/** What Nest's pipeline saw of each call: the handler runs as any Nest RPC handler does, enhancers included. */
const calls: { type: string; group: string; attempt: number; messageId: string }[] = [];
const notices: FailureNotice[] = [];

@Injectable()
class CallRecorder implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const message = context.switchToRpc().getData<InboundMessage>();
    const delivery = context.switchToRpc().getContext<DeliveryContext>();
    calls.push({
      type: context.getType(),
      group: delivery.getConsumerGroup(),
      attempt: message.attempt,
      messageId: message.envelope.id,
    });
    return next.handle();
  }
}

/** Fails its first two deliveries of a message (a bus failure worth trying later), then applies it. */
@Controller()
class FlakyController {
  @EventPattern(TOPIC, consumerGroup(GROUP))
  @UseInterceptors(CallRecorder)
  async apply(@Payload() message: InboundMessage, @Ctx() delivery: DeliveryContext): Promise<void> {
    if (message.attempt < 2) {
      throw new DomainError(DomainErrorCode.Internal, `hiccup on attempt ${message.attempt}`);
    }
    await delivery
      .getTransaction()
      .query('INSERT INTO test_effect (message_id, message_key, seq, attempt) VALUES ($1, $2, NULL, $3)', [
        message.envelope.id,
        message.envelope.key,
        message.attempt,
      ]);
  }

  @EventPattern(failedDeliveriesOf(GROUP))
  recordFailure(@Payload() notice: FailureNotice): Promise<void> {
    notices.push(notice);
    return Promise.resolve();
  }
}

describe('the Nest transport: an @EventPattern handler on the consumer runtime', () => {
  const env = createTestEnvironment('nesttransport', { KAFKA_RETRY_DELAYS_MS: '200,200,200' });
  const names = new TopicNames(env.prefix);
  let app: TestingModule;

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({
      overrides: env.overrides,
      withConsumer: false,
      controllers: [FlakyController],
    });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('receives a message, fails twice through the retry topics, and applies it once', async () => {
    const envelope = createEnvelope({
      type: 'test.event',
      contractVersion: 1,
      key: 'k-1',
      payload: {},
      source: 'test',
    });
    await app.get(MessagePublisher).publish(names.main(TOPIC), envelope);

    const rows = await expectEventually(async () => {
      const applied = await effects(env.schema);
      expect(applied).toHaveLength(1);
      return applied;
    });
    expect(rows).toEqual([{ message_id: envelope.id, message_key: 'k-1', seq: null, attempt: 2 }]);
    expect(calls).toEqual(
      [0, 1, 2].map((attempt) => ({ type: 'rpc', group: GROUP, attempt, messageId: envelope.id })),
    );
    // Each failure went on to the group's next retry topic, with the handler's own error as its reason.
    const [first] = await readTopic(names.retry(TOPIC, GROUP, 1), 1);
    const [second] = await readTopic(names.retry(TOPIC, GROUP, 2), 1);
    expect([first, second].map((message) => message.headers?.['lgsp-attempt']?.toString())).toEqual([
      '1',
      '2',
    ]);
    expect(notices.map(({ outcome, attempt, code, reason }) => ({ outcome, attempt, code, reason }))).toEqual(
      [
        { outcome: 'retried', attempt: 0, code: 'internal', reason: 'hiccup on attempt 0' },
        { outcome: 'retried', attempt: 1, code: 'internal', reason: 'hiccup on attempt 1' },
      ],
    );
    expect(await app.get(DeadLetterRepository).list({ topic: TOPIC })).toEqual([]);
  });
});
