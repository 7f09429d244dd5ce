import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeliveryContext, InboundMessage, consumerGroup } from '@lgsp/messaging';

export const TEST_TOPIC = 'test.events';
export const BEHAVIOUR = Symbol('test-behaviour');

/** What the test wants the handler to do before it records its effect: throw, wait, count. */
export type Behaviour = (message: InboundMessage) => Promise<void> | void;

export const EFFECT_TABLE_SQL = `CREATE TABLE IF NOT EXISTS test_effect (
  id bigserial PRIMARY KEY,
  message_id uuid NOT NULL,
  message_key text NOT NULL,
  seq integer,
  attempt integer NOT NULL
)`;

/** Records one row per applied message, in the handler's transaction, so a second effect would show. */
@Controller()
export class RecordingConsumer {
  constructor(@Inject(BEHAVIOUR) private readonly behaviour: Behaviour) {}

  @EventPattern(TEST_TOPIC, consumerGroup('recorder'))
  async handle(@Payload() message: InboundMessage, @Ctx() delivery: DeliveryContext): Promise<void> {
    await this.behaviour(message);
    const payload = message.envelope.payload as { seq?: number };
    await delivery
      .getTransaction()
      .query('INSERT INTO test_effect (message_id, message_key, seq, attempt) VALUES ($1, $2, $3, $4)', [
        message.envelope.id,
        message.envelope.key,
        payload.seq ?? null,
        message.attempt,
      ]);
  }
}
